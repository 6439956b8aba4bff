import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '@olala/core';
import {
  accountKey,
  attemptSucceeded,
  beginAttempt,
  createAnonymousUser,
  createOrPromoteAdmin,
  hashPassword,
  ipKey,
  login,
  needsRehash,
  parseEmail,
  passwordProblem,
  registerAccount,
  SCRYPT_PARAMS,
  verifyPassword,
} from '@olala/core/identity/index';
import { BACKENDS, freshDb } from '@olala/testing';

test('passwords: self-describing scrypt hashes with a fresh salt; wrong, malformed and weaker hashes are told apart', async () => {
  const a = await hashPassword('비밀번호 1234');
  const b = await hashPassword('비밀번호 1234');
  assert.match(a, new RegExp(`^scrypt\\$${SCRYPT_PARAMS.N}\\$8\\$1\\$[A-Za-z0-9_-]{22}\\$[A-Za-z0-9_-]{43}$`));
  assert.notEqual(a, b, 'each hash has its own salt');
  assert.equal(await verifyPassword('비밀번호 1234', a), true);
  assert.equal(await verifyPassword('비밀번호 1234', b), true);
  assert.equal(await verifyPassword('비밀번호 1235', a), false);
  assert.equal(await verifyPassword('', a), false);
  // The same text in another Unicode normal form is the same password (NFD 한 vs NFC 한).
  assert.equal(await verifyPassword('비밀번호 1234'.normalize('NFD'), a), true);
  for (const broken of ['', 'plain-text', 'scrypt$x$8$1$abc$def', a.replace(/\$[^$]+$/, '$'), 'scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']) {
    assert.equal(await verifyPassword('비밀번호 1234', broken), false, broken);
  }
  assert.equal(needsRehash(a), false);
  const weak = await hashPassword('비밀번호 1234', { N: 1024, r: 8, p: 1 });
  assert.equal(await verifyPassword('비밀번호 1234', weak), true, 'old parameters still verify');
  assert.equal(needsRehash(weak), true);
});

test('emails are trimmed and lowercased; password lengths count characters', () => {
  assert.equal(parseEmail('  Alice.Kim@Example.COM '), 'alice.kim@example.com');
  for (const bad of ['', 'alice', 'alice@', '@example.com', 'a b@example.com', 'alice@example', `${'a'.repeat(250)}@example.com`, 'a\u0000@example.com']) {
    assert.equal(parseEmail(bad), undefined, bad);
  }
  assert.equal(passwordProblem('1234567'), 'too_short');
  assert.equal(passwordProblem('12345678'), undefined);
  // Eight emoji are 16 UTF-16 units but eight characters.
  assert.equal(passwordProblem('😀'.repeat(7)), 'too_short');
  assert.equal(passwordProblem('😀'.repeat(200)), undefined);
  assert.equal(passwordProblem('😀'.repeat(201)), 'too_long');
});

for (const backend of BACKENDS) {
  test(`${backend}: the login throttle never lets more than max racing attempts through and tells when to retry`, async (t) => {
    const { db } = await freshDb(t, backend);
    const limits = { account: { max: 5, windowSeconds: 600 }, ip: { max: 100, windowSeconds: 600 } };
    const keys = [accountKey('alice@example.com'), ipKey('10.0.0.1')];
    const count = async () => (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM login_attempts WHERE scope = 'account'")).rows[0]!.n;
    // Racing attempts may all be refused (each counts the others' rows), never more than max allowed.
    const racing = await Promise.all(Array.from({ length: 12 }, () => beginAttempt(db, keys, limits)));
    const raced = racing.filter((a) => a.allowed).length;
    assert.ok(raced <= 5, `${raced} racing attempts got through`);
    // Refused attempts leave no rows; allowed ones (failures, say) stay.
    assert.equal(await count(), raced);
    for (let i = raced; i < 5; i++) assert.ok((await beginAttempt(db, keys, limits)).allowed, `attempt ${i + 1}`);
    const refused = await beginAttempt(db, keys, limits);
    assert.ok(!refused.allowed);
    assert.ok(refused.retryAfterSeconds > 590 && refused.retryAfterSeconds <= 600, String(refused.retryAfterSeconds));
    assert.equal(await count(), 5);
    // Another account from the same address is not limited by alice's failures.
    assert.equal((await beginAttempt(db, [accountKey('bob@example.com'), ipKey('10.0.0.1')], limits)).allowed, true);

    // Two failures leave the window: two more attempts, not three.
    await db.query(`UPDATE login_attempts SET attempted_at = attempted_at - interval '11 minutes'
                     WHERE attempt_id IN (SELECT attempt_id FROM login_attempts WHERE scope = 'account' AND key = $1 ORDER BY attempt_id LIMIT 2)`, [keys[0]!.key]);
    const next = await beginAttempt(db, keys, limits);
    assert.ok(next.allowed);
    assert.ok((await beginAttempt(db, keys, limits)).allowed);
    assert.equal((await beginAttempt(db, keys, limits)).allowed, false);
    // A success wipes the account's failures.
    await attemptSucceeded(db, next.ids, keys[0]);
    assert.ok((await beginAttempt(db, keys, limits)).allowed);
  });

  test(`${backend}: create-admin creates or promotes; login merges only anonymous users`, async (t) => {
    const { db } = await freshDb(t, backend);
    await assert.rejects(createOrPromoteAdmin(db, 'root@example.com'), (err) => err instanceof UserError && /no account has the email root@example\.com/.test(err.message));
    const created = await createOrPromoteAdmin(db, 'root@example.com', 'root-password-1');
    assert.equal(created.action, 'created');
    assert.deepEqual([created.user.kind, created.user.role], ['account', 'admin']);
    assert.equal((await createOrPromoteAdmin(db, 'root@example.com', 'ignored-password')).action, 'unchanged');

    const anon = await createAnonymousUser(db);
    const registered = await registerAccount(db, { email: 'Editor@Example.com', password: 'editor-password' }, anon.user);
    assert.ok(registered.ok);
    assert.equal(registered.session.user.user_id, anon.user.user_id);
    const promoted = await createOrPromoteAdmin(db, 'editor@example.com');
    assert.equal(promoted.action, 'promoted');
    assert.equal(promoted.user.role, 'admin');
    assert.equal(promoted.user.user_id, anon.user.user_id);

    const result = await login(db, { email: 'EDITOR@example.com', password: 'editor-password' }, { ip: '127.0.0.1' });
    assert.ok(result.ok);
    assert.equal(result.session.user.role, 'admin');
    assert.deepEqual(result.merged, { history: 0, bookmarks: 0 });
    const wrong = await login(db, { email: 'editor@example.com', password: 'editor-password!' }, { ip: '127.0.0.1' });
    assert.deepEqual(wrong, { ok: false, reason: 'invalid' });
    const unknown = await login(db, { email: 'nobody@example.com', password: 'editor-password' }, { ip: '127.0.0.1' });
    assert.deepEqual(unknown, wrong);
  });
}
