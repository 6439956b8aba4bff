import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { UserError, type Queryable } from '@olala/core';
import { addBookmark, listBookmarks, listHistory, recordHistory, removeFromHistory } from '../src/analyses/history.js';
import {
  authenticate,
  createAnonymousUser,
  hashToken,
  isWellFormedToken,
  newToken,
  PALETTE,
  randomNickname,
  revokeSession,
  updateProfile,
} from '../src/identity/index.js';
import { BACKENDS, freshDb, storeAnalysis } from '@olala/testing';
import type { HistoryItem } from '@olala/contract';

const idOf = (i: HistoryItem) => (i.kind === 'truth' ? i.analysis_id : i.article_id);

test('tokens are 32 random bytes in base64url and hash to 32 bytes; nicknames read like "용감한 수달 1234"', () => {
  const tokens = new Set<string>();
  for (let i = 0; i < 50; i++) tokens.add(newToken());
  assert.equal(tokens.size, 50);
  for (const token of tokens)
    assert.ok(isWellFormedToken(token) && Buffer.from(token, 'base64url').length === 32, token);
  assert.equal(hashToken('x').length, 32);
  assert.notDeepEqual(hashToken('x'), hashToken('y'));
  assert.equal(isWellFormedToken('a'.repeat(43)), true);
  assert.equal(isWellFormedToken('a'.repeat(42)), false);
  assert.equal(isWellFormedToken(`${'a'.repeat(42)}=`), false);
  for (let i = 0; i < 200; i++) {
    const name = randomNickname();
    assert.match(name, /^[가-힣 ]+ [가-힣]+ \d{4}$/);
    assert.ok([...name].length <= 20, name);
  }
  for (const c of PALETTE) assert.match(c, /^#[0-9a-f]{6}$/);
});

/** A stored analysis as the service would write it, without running the pipeline. */
function storedAnalysis(db: Queryable, claim: string, createdAt = new Date()): Promise<string> {
  return storeAnalysis(db, { claim, created_at: createdAt.toISOString() });
}

for (const backend of BACKENDS) {
  test(`${backend}: an anonymous user gets a token whose hash alone is stored; expired and revoked sessions fail`, async (t) => {
    const { db } = await freshDb(t, backend);
    const created = await createAnonymousUser(db);
    assert.equal(created.user.kind, 'anonymous');
    assert.ok(PALETTE.includes(created.user.color as (typeof PALETTE)[number]));
    const yearAhead = Date.parse(created.expires_at) - Date.now();
    assert.ok(yearAhead > 364 * 86_400_000 && yearAhead <= 366 * 86_400_000, created.expires_at);

    const { rows } = await db.query<{ hex: string; user_id: string }>(
      "SELECT encode(token_hash, 'hex') AS hex, user_id::text AS user_id FROM sessions",
    );
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.hex, hashToken(created.token).toString('hex'));
    assert.equal(rows[0]!.user_id, created.user.user_id);
    const dump = await db.query<{ t: string }>("SELECT string_agg(s::text, ' ') AS t FROM sessions s");
    assert.ok(!dump.rows[0]!.t.includes(created.token), 'the token itself is nowhere in the table');

    const ok = await authenticate(db, created.token);
    assert.ok(ok.ok);
    assert.deepEqual(ok.user, created.user);
    assert.deepEqual(
      await authenticate(db, `${created.token.slice(0, -1)}${created.token.endsWith('A') ? 'B' : 'A'}`),
      { ok: false, reason: 'invalid' },
    );
    assert.deepEqual(await authenticate(db, 'not a token'), { ok: false, reason: 'invalid' });

    // A session used after an hour of quiet slides forward and marks the user seen.
    await db.query(
      "UPDATE sessions SET last_used_at = now() - interval '2 hours', expires_at = now() + interval '1 day'",
    );
    await db.query("UPDATE users SET last_seen_at = now() - interval '2 hours'");
    const slid = await authenticate(db, created.token);
    assert.ok(slid.ok && Date.parse(slid.session.expiresAt) - Date.now() > 364 * 86_400_000);
    const seen = await db.query<{ recent: boolean }>(
      "SELECT last_seen_at > now() - interval '1 minute' AS recent FROM users",
    );
    assert.equal(seen.rows[0]!.recent, true);

    await db.query("UPDATE sessions SET expires_at = now() - interval '1 second'");
    assert.deepEqual(await authenticate(db, created.token), { ok: false, reason: 'expired' });
    await db.query("UPDATE sessions SET expires_at = now() + interval '1 day'");
    assert.equal(await revokeSession(db, hashToken(created.token)), true);
    assert.equal(await revokeSession(db, hashToken(created.token)), false);
    assert.deepEqual(await authenticate(db, created.token), { ok: false, reason: 'revoked' });
  });

  test(`${backend}: profile changes are normalised and blank or hidden-character nicknames refused`, async (t) => {
    const { db } = await freshDb(t, backend);
    const { user } = await createAnonymousUser(db);
    const changed = await updateProfile(db, user.user_id, { nickname: '  팩트   체커  ', color: '#AABBCC' });
    assert.equal(changed?.nickname, '팩트 체커');
    assert.equal(changed?.color, '#aabbcc');
    assert.equal((await updateProfile(db, user.user_id, {}))?.nickname, '팩트 체커');
    await assert.rejects(updateProfile(db, user.user_id, { nickname: '   ' }), UserError);
    await assert.rejects(updateProfile(db, user.user_id, { nickname: '관리자\u202e자리관' }), /보이지 않는 문자/);
    assert.equal(await updateProfile(db, randomUUID(), { nickname: '없음' }), undefined);
  });

  test(`${backend}: history and bookmarks page newest first with a cursor, per user`, async (t) => {
    const { db } = await freshDb(t, backend);
    const alice = (await createAnonymousUser(db)).user.user_id;
    const bob = (await createAnonymousUser(db)).user.user_id;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await storedAnalysis(db, `주장 ${i}`));
    // Same timestamps on purpose: the analysis id breaks ties and no row is skipped or repeated.
    await db.query('INSERT INTO history (user_id, analysis_id, created_at) SELECT $1, analysis_id, $2 FROM analyses', [
      alice,
      '2026-01-01T00:00:00.123456Z',
    ]);
    await recordHistory(db, bob, ids[0]!);

    const seen: string[] = [];
    let before: string | undefined;
    do {
      const page = await listHistory(db, alice, { limit: 2, before });
      assert.ok(page.items.length <= 2);
      seen.push(...page.items.map(idOf));
      before = page.next_before;
    } while (before);
    assert.deepEqual(seen, [...ids].sort().reverse());

    // Asking again moves an entry to the top.
    await recordHistory(db, alice, ids[2]!);
    assert.equal(idOf((await listHistory(db, alice, { limit: 1 })).items[0]!), ids[2]);
    assert.deepEqual((await listHistory(db, bob, { limit: 10 })).items.map(idOf), [ids[0]]);

    assert.equal(await addBookmark(db, alice, ids[1]!), 'added');
    assert.equal(await addBookmark(db, alice, ids[1]!), 'exists');
    assert.equal(await addBookmark(db, alice, randomUUID()), 'not_found');
    const marks = await listBookmarks(db, alice, { limit: 10 });
    assert.equal(marks.items.length, 1);
    const mark = marks.items[0]!;
    assert.equal(mark.bookmarked, true);
    assert.equal(mark.kind, 'truth');
    assert.equal(mark.kind === 'truth' && mark.headline, '거짓: 주장 1');
    assert.equal(mark.kind === 'truth' && mark.confidence, 0.7);
    assert.ok(mark.bookmarked_at);
    const inHistory = (await listHistory(db, alice, { limit: 10 })).items;
    assert.deepEqual(inHistory.filter((i) => i.bookmarked).map(idOf), [ids[1]]);
    assert.equal(inHistory[0]!.bookmarked_at, undefined);

    assert.equal(await removeFromHistory(db, alice, ids[3]!), true);
    assert.equal(await removeFromHistory(db, alice, ids[3]!), false);
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM analyses');
    assert.equal(rows[0]!.n, 5, 'the analysis itself stays');

    await assert.rejects(listHistory(db, alice, { limit: 2, before: 'garbage' }), UserError);
  });
}
