import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { HistoryItem } from '@olala/contract';
import {
  addBookmark,
  listBookmarks,
  listHistory,
  recordHistory,
  removeBookmark,
  removeFromHistory,
} from '../src/analyses/history.js';
import { getArticle } from '../src/articles/store.js';
import { createAnonymousUser, login, registerAccount } from '../src/identity/index.js';
import { BACKENDS, freshDb, storeAnalysis, storeArticle } from '@olala/testing';

const idOf = (i: HistoryItem) => (i.kind === 'truth' ? i.analysis_id : i.article_id);

for (const backend of BACKENDS) {
  test(`${backend}: History and Bookmarks list article runs beside single checks, newest first, one cursor over both`, async (t) => {
    const { db } = await freshDb(t, backend);
    const alice = (await createAnonymousUser(db)).user.user_id;
    const bob = (await createAnonymousUser(db)).user.user_id;

    const check = await storeAnalysis(db, { claim: '화성은 태양계의 네 번째 행성이다.' });
    await recordHistory(db, alice, check);
    const article = await storeArticle(db, {
      title: '정부, 내년 예산 600조 편성',
      url: 'https://news.example.kr/a/1',
      claims: [
        { text: '내년 예산은 600조 원이다.', label: 'TRUE' },
        { text: '국방비는 10% 늘었다.', label: 'FALSE' },
        { text: '복지 예산은 줄었다.', label: null },
      ],
      userId: alice,
    });
    // A pasted text without a headline is named by its first line.
    const pasted = await storeArticle(db, {
      text: '서울의 인구는 천만 명이다.\n둘째 줄',
      claims: [{ text: '서울의 인구는 천만 명이다.', label: 'MIXED' }],
      userId: alice,
    });
    const check2 = await storeAnalysis(db, { claim: '물은 100도에서 끓는다.' });
    await recordHistory(db, alice, check2);

    const all = await listHistory(db, alice, { limit: 10 });
    assert.deepEqual(all.items.map(idOf), [check2, pasted.article_id, article.article_id, check]);
    assert.deepEqual(
      all.items.map((i) => i.kind),
      ['truth', 'article', 'article', 'truth'],
    );
    const entry = all.items[2]!;
    assert.ok(entry.kind === 'article');
    assert.equal(entry.title, '정부, 내년 예산 600조 편성');
    assert.equal(entry.url, 'https://news.example.kr/a/1');
    assert.equal(entry.input_type, 'url');
    assert.deepEqual(entry.counts, { TRUE: 1, FALSE: 1, MIXED: 0, UNVERIFIED: 0, REFUSED: 0 });
    assert.equal(entry.failed, 1);
    assert.equal(entry.created_at, article.created_at);
    assert.equal(entry.bookmarked, false);
    const named = all.items[1]!;
    assert.ok(named.kind === 'article');
    assert.equal(named.title, '서울의 인구는 천만 명이다.');
    assert.equal(named.url, null);
    // Single checks keep every field they had.
    const single = all.items[0]!;
    assert.ok(single.kind === 'truth');
    assert.deepEqual(Object.keys(single).sort(), [
      'analysis_id',
      'bookmarked',
      'claim',
      'confidence',
      'created_at',
      'headline',
      'input_payload',
      'input_type',
      'kind',
      'label',
    ]);

    // Paging one entry at a time crosses from one kind to the other without a gap or a repeat.
    const seen: string[] = [];
    let before: string | undefined;
    do {
      const page = await listHistory(db, alice, { limit: 1, before });
      seen.push(...page.items.map(idOf));
      before = page.next_before;
    } while (before);
    assert.deepEqual(seen, all.items.map(idOf));
    assert.deepEqual((await listHistory(db, bob, { limit: 10 })).items, [], "one user never sees another one's runs");

    // Bookmarking an article id works like a check's; twice is no error; an unknown id is not found.
    assert.equal(await addBookmark(db, alice, article.article_id), 'added');
    assert.equal(await addBookmark(db, alice, article.article_id), 'exists');
    assert.equal(await addBookmark(db, alice, randomUUID()), 'not_found');
    assert.equal(await addBookmark(db, alice, check), 'added');
    const marks = await listBookmarks(db, alice, { limit: 10 });
    assert.deepEqual(marks.items.map(idOf), [check, article.article_id]);
    assert.ok(marks.items.every((i) => i.bookmarked && i.bookmarked_at));
    assert.equal(
      (await listHistory(db, alice, { limit: 10 })).items.find((i) => idOf(i) === article.article_id)?.bookmarked,
      true,
    );

    // Removing takes the entry off one list; the run itself stays readable.
    assert.equal(await removeBookmark(db, alice, article.article_id), true);
    assert.equal(await removeFromHistory(db, alice, article.article_id), true);
    assert.equal(await removeFromHistory(db, alice, article.article_id), false);
    assert.deepEqual((await listHistory(db, alice, { limit: 10 })).items.map(idOf), [check2, pasted.article_id, check]);
    assert.ok(await getArticle(db, article.article_id));
  });

  test(`${backend}: logging in moves an anonymous user's article runs and article bookmarks to the account`, async (t) => {
    const { db } = await freshDb(t, backend);
    const account = await registerAccount(db, { email: 'reader@example.com', password: 'reader-password-1' });
    assert.ok(account.ok);
    const device = await createAnonymousUser(db);
    const article = await storeArticle(db, {
      title: '기사',
      claims: [{ text: '서울은 한국의 수도이다.', label: 'TRUE' }],
      userId: device.user.user_id,
    });
    assert.equal(await addBookmark(db, device.user.user_id, article.article_id), 'added');
    const result = await login(
      db,
      { email: 'reader@example.com', password: 'reader-password-1' },
      { ip: '127.0.0.1', current: device.user },
    );
    assert.ok(result.ok);
    assert.deepEqual(result.merged, { history: 1, bookmarks: 1 });
    const accountId = result.session.user.user_id;
    assert.deepEqual((await listHistory(db, accountId, { limit: 10 })).items.map(idOf), [article.article_id]);
    assert.deepEqual((await listBookmarks(db, accountId, { limit: 10 })).items.map(idOf), [article.article_id]);
    assert.deepEqual((await listHistory(db, device.user.user_id, { limit: 10 })).items, []);
  });
}
