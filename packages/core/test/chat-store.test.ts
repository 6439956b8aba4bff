import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ChatRejection,
  ProfanityFilter,
  claimOf,
  cleanContent,
  factCheckMessage,
  listMessages,
  mentionsBot,
  onlineCounts,
  postMessage,
  presenceClear,
  presenceEnter,
  presenceHeartbeat,
  presenceLeave,
} from '../src/chat/index.js';
import { BACKENDS, freshDb } from '@olala/testing';
import { createRoom, createUsers } from '../../../bench/lib/chat-fixtures.js';

test('profanity: masked in place, inside words, ordinary words and look-alikes left alone', () => {
  const f = new ProfanityFilter();
  assert.deepEqual(f.mask('이 개새끼야'), { text: '이 ***야', masked: true });
  assert.equal(f.mask('ㅅㅂ 진짜 병신같네').text, '** 진짜 **같네');
  for (const clean of [
    '오늘 날씨 좋네요',
    '보지 마세요',
    '미친 듯이 달렸다',
    '강간 사건 재판 결과',
    '시발점이 어디죠',
  ]) {
    assert.deepEqual(f.mask(clean), { text: clean, masked: false }, clean);
  }
});

test('content: trimmed, NFC, invisible characters dropped, 500 characters counted as code points', () => {
  assert.equal(cleanContent('  안녕\u200b하세요\n둘째 줄 '), '안녕하세요\n둘째 줄');
  assert.equal(cleanContent('\u1100\u1161'), '가', 'NFC');
  assert.equal(cleanContent('😀'.repeat(500)).length, 1000);
  assert.throws(
    () => cleanContent('😀'.repeat(501)),
    (e: ChatRejection) => e.code === 'TOO_LONG',
  );
  assert.throws(
    () => cleanContent(' \u200b\u0007 '),
    (e: ChatRejection) => e.code === 'EMPTY',
  );
  // The contract's one rule for stored text (cleanText): NUL and other controls go, line breaks become LF.
  assert.equal(cleanContent('첫 줄\r\n둘째\u0000 줄\r셋째\u0085'), '첫 줄\n둘째 줄\n셋째');
});

test('mentions: @올라 anywhere, removed from the claim', () => {
  assert.equal(mentionsBot('이거 맞아요? @올라'), true);
  assert.equal(mentionsBot('올라 이거 맞아요?'), false);
  assert.equal(claimOf('@올라  대한민국의 수도는   서울이다 @올라'), '대한민국의 수도는 서울이다');
});

for (const backend of BACKENDS) {
  test(`${backend}: presence counts distinct users across server processes and forgets a process that stopped`, async (t) => {
    const { db } = await freshDb(t, backend);
    const issueId = await createRoom(db);
    const [a, b] = await createUsers(db, 2);
    await presenceEnter(db, 'server-1', issueId, a!.userId);
    await presenceEnter(db, 'server-2', issueId, a!.userId);
    await presenceEnter(db, 'server-2', issueId, b!.userId);
    assert.equal((await onlineCounts(db, [issueId])).get(issueId), 2, 'one user on two processes counts once');

    // server-2 dies without cleaning up: its rows stop counting once they are older than the expiry.
    await db.query("UPDATE chat_presence SET seen_at = now() - interval '1 minute' WHERE server_id = 'server-2'");
    await presenceHeartbeat(db, 'server-1');
    assert.equal((await onlineCounts(db, [issueId])).get(issueId), 1);
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM chat_presence');
    assert.equal(rows[0]?.n, 1, 'the heartbeat removed the dead process rows');

    await presenceLeave(db, 'server-1', issueId, a!.userId);
    await presenceEnter(db, 'server-1', issueId, b!.userId);
    await presenceClear(db, 'server-1');
    assert.equal((await onlineCounts(db, [issueId])).get(issueId), 0);
  });

  test(`${backend}: the same clientId twice stores one message; a failed fact-check posts a Korean note`, async (t) => {
    const { db } = await freshDb(t, backend);
    const issueId = await createRoom(db);
    const [u] = await createUsers(db, 1);
    const one = await postMessage(db, { issueId, userId: u!.userId, clientId: 'same', content: '첫 메시지' });
    const two = await postMessage(db, { issueId, userId: u!.userId, clientId: 'same', content: '다른 내용이어도' });
    assert.deepEqual([one.status, two.status], ['sent', 'duplicate']);
    assert.equal(two.message.id, one.message.id);
    assert.equal(two.message.content, '첫 메시지');

    const outcome = await factCheckMessage(
      {
        db,
        truth: {
          factCheck: async () => {
            throw new Error('pipeline down');
          },
        },
      },
      one.message.id,
    );
    assert.ok(outcome.status === 'posted');
    assert.equal(outcome.message.kind, 'text');
    assert.equal(outcome.message.userId, 'olala');
    assert.match(outcome.message.content, /팩트체크 중 문제가 생겨/);
    const busy = await factCheckMessage(
      {
        db,
        truth: {
          factCheck: async () => {
            throw Object.assign(new Error('busy'), { code: 'BUSY' });
          },
        },
      },
      one.message.id,
    );
    assert.ok(busy.status === 'posted');
    assert.match(busy.message.content, /검증 요청이 많아/);
    const history = await listMessages(db, issueId, u!.userId, { limit: 10 });
    assert.equal(history.length, 3);
    assert.equal(
      (await factCheckMessage({ db, truth: { factCheck: () => Promise.reject(new Error('x')) } }, '424242')).status,
      'not_found',
    );
  });
}
