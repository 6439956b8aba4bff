import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkIssueFile,
  createIssue,
  listPublicIssues,
  publishIssue,
  seoulDay,
  todayIssue,
  unpublishIssue,
} from '../src/issues/index.js';
import { BACKENDS, freshDb } from '@olala/testing';

test('seoulDay is the date in Korea, not the server time zone', () => {
  // 16:00 UTC is 01:00 the next day in Seoul (UTC+9, no daylight saving).
  assert.equal(seoulDay(new Date('2025-03-02T14:59:59Z')), '2025-03-02');
  assert.equal(seoulDay(new Date('2025-03-02T15:00:00Z')), '2025-03-03');
  assert.equal(seoulDay(new Date('2024-12-31T15:30:00Z')), '2025-01-01');
});

test('checkIssueFile names each problem by field and index; a good file has none', () => {
  assert.deepEqual(
    checkIssueFile({ title: '좋은 이슈', day: '2025-03-03', sourceUrl: 'https://a.example/x', publish: false }),
    [],
  );
  assert.deepEqual(checkIssueFile({ summary: 3 }), [
    { field: 'title', reason: 'is required' },
    { field: 'summary', reason: 'must be a string' },
  ]);
  assert.deepEqual(checkIssueFile([{ title: 'a' }, { title: 'b', claim: '' }]), [
    { field: '[1].claim', reason: 'must not be empty' },
  ]);
  assert.deepEqual(checkIssueFile([]), [
    { field: '(root)', reason: 'holds no issues: expected an object or a non-empty array of objects' },
  ]);
  assert.deepEqual(checkIssueFile(['제목만']), [{ field: '[0]', reason: 'must be an object' }]);
});

for (const backend of BACKENDS) {
  test(`${backend}: "today" follows the day in Korea at the given time, else the newest published issue`, async (t) => {
    const { db } = await freshDb(t, backend);
    // Just after midnight in Seoul on 3 March, still 2 March in UTC.
    const now = new Date('2025-03-02T15:30:00Z');
    const clock = { now };
    assert.equal(await todayIssue(db, clock), undefined);

    const march3 = await createIssue(
      db,
      { title: '3월 3일 이슈', publish: true },
      { now: new Date('2025-03-02T15:10:00Z') },
    );
    assert.equal(march3.day, '2025-03-03', 'created after midnight in Seoul: the 3rd, not the UTC 2nd');
    const march2 = await createIssue(
      db,
      { title: '3월 2일 이슈', day: '2025-03-02', publish: true },
      { now: new Date('2025-03-02T15:20:00Z') },
    );
    assert.ok(Date.parse(march2.publishedAt!) > Date.parse(march3.publishedAt!));

    assert.equal((await todayIssue(db, clock))?.id, march3.id, "today's day beats a newer issue of yesterday");
    // A day later in Seoul neither is today's: the newest published stands in.
    assert.equal((await todayIssue(db, { now: new Date('2025-03-03T15:30:00Z') }))?.id, march2.id);
    // Before either was published, there was nothing.
    assert.equal(await todayIssue(db, { now: new Date('2025-03-02T15:00:00Z') }), undefined);

    // Scheduled for 09:00 in Seoul: invisible at 01:00, today's issue from 09:00.
    const scheduled = await createIssue(db, { title: '아침 이슈' }, clock);
    const at = '2025-03-03T09:00:00+09:00';
    assert.equal((await publishIssue(db, scheduled.id, { at, now }))?.status, 'scheduled');
    assert.equal((await todayIssue(db, clock))?.id, march3.id);
    assert.equal((await todayIssue(db, { now: new Date('2025-03-03T00:00:00Z') }))?.id, scheduled.id);
    assert.equal((await listPublicIssues(db, { limit: 10, now })).items.length, 2);
    await unpublishIssue(db, scheduled.id);
    assert.equal((await todayIssue(db, { now: new Date('2025-03-03T00:00:00Z') }))?.id, march3.id);
  });

  test(`${backend}: paging never repeats or skips issues published at the same instant`, async (t) => {
    const { db } = await freshDb(t, backend);
    const now = new Date('2025-03-03T00:00:00Z');
    const ids = new Set<string>();
    for (let i = 0; i < 7; i++) ids.add((await createIssue(db, { title: `이슈 ${i}`, publish: true }, { now })).id);
    const seen: string[] = [];
    let before: string | undefined;
    do {
      const page = await listPublicIssues(db, { limit: 3, before, now: new Date('2025-03-04T00:00:00Z') });
      seen.push(...page.items.map((i) => i.id));
      before = page.next_before;
    } while (before);
    assert.equal(seen.length, 7);
    assert.deepEqual(new Set(seen), ids);
  });
}
