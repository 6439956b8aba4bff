import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '@olala/core';
import {
  accountKey,
  beginLogin,
  beginRegistration,
  clientKey,
  createAnonymousUser,
  createOrPromoteAdmin,
  hashPassword,
  login,
  LOGIN_THROTTLE,
  loginDelaySeconds,
  loginSucceeded,
  needsRehash,
  parseEmail,
  passwordProblem,
  registerAccount,
  REGISTER_THROTTLE,
  SCRYPT_PARAMS,
  verifyPassword,
} from '../src/identity/index.js';
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
  for (const broken of [
    '',
    'plain-text',
    'scrypt$x$8$1$abc$def',
    a.replace(/\$[^$]+$/, '$'),
    'scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  ]) {
    assert.equal(await verifyPassword('비밀번호 1234', broken), false, broken);
  }
  assert.equal(needsRehash(a), false);
  const weak = await hashPassword('비밀번호 1234', { N: 1024, r: 8, p: 1 });
  assert.equal(await verifyPassword('비밀번호 1234', weak), true, 'old parameters still verify');
  assert.equal(needsRehash(weak), true);
});

test('throttles count IPv4 addresses as they are and IPv6 by /64', () => {
  assert.equal(clientKey('10.0.0.1'), '10.0.0.1');
  assert.equal(clientKey('::ffff:10.0.0.1'), '10.0.0.1');
  for (const ip of ['2001:db8:1:2:3:4:5:6', '2001:DB8:1:2::9', '2001:db8:1:2::', '2001:0db8:0001:0002:0:0:0:1'])
    assert.equal(clientKey(ip), '2001:db8:1:2::/64', ip);
  assert.equal(clientKey('2001:db8::1'), '2001:db8:0:0::/64');
  assert.equal(clientKey('64:ff9b::1.2.3.4'), '64:ff9b:0:0::/64');
  assert.equal(clientKey('fe80::1%eth0'), 'fe80:0:0:0::/64');
  assert.equal(clientKey('x'.repeat(300)), 'x'.repeat(100), 'fits auth_attempts.address');
});

test('emails are trimmed and lowercased; password lengths count characters', () => {
  assert.equal(parseEmail('  Alice.Kim@Example.COM '), 'alice.kim@example.com');
  for (const bad of [
    '',
    'alice',
    'alice@',
    '@example.com',
    'a b@example.com',
    'alice@example',
    `${'a'.repeat(250)}@example.com`,
    'a\u0000@example.com',
  ]) {
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
  test(`${backend}: the login delay grows per account and address; racing attempts buy no extra tries`, async (t) => {
    const { db } = await freshDb(t, backend);
    let ms = Date.now();
    const at = () => new Date(ms);
    const alice = accountKey('alice@example.com');
    const rows = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM auth_attempts')).rows[0]!.n;
    // Racing attempts count each other: at most the free failures get through.
    const racing = await Promise.all(Array.from({ length: 12 }, () => beginLogin(db, alice, '10.0.0.1', at())));
    const raced = racing.filter((a) => a.allowed).length;
    assert.ok(raced <= LOGIN_THROTTLE.freeFailures, `${raced} racing attempts got through`);
    // Refused attempts leave no rows; allowed ones (failures, unless they succeed) stay.
    assert.equal(await rows(), raced);
    for (let i = raced; i < 3; i++)
      assert.ok((await beginLogin(db, alice, '10.0.0.1', at())).allowed, `attempt ${i + 1}`);
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      const refused = await beginLogin(db, alice, '10.0.0.1', at());
      assert.ok(!refused.allowed);
      waits.push(refused.retryAfterSeconds);
      ms += refused.retryAfterSeconds * 1000 - 1000;
      assert.ok(!(await beginLogin(db, alice, '10.0.0.1', at())).allowed, 'a second early');
      ms += 1000;
      assert.ok((await beginLogin(db, alice, '10.0.0.1', at())).allowed, 'on time');
    }
    assert.deepEqual(waits, [2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900]);
    assert.deepEqual(
      [0, 2, 3, 4, 12, 1000].map((n) => loginDelaySeconds(n)),
      [0, 0, 2, 4, 900, 900],
    );
    // Another address, and another account from this one, start from nothing.
    assert.ok((await beginLogin(db, alice, '10.0.0.2', at())).allowed);
    assert.ok((await beginLogin(db, accountKey('bob@example.com'), '10.0.0.1', at())).allowed);
    // A success clears this address's failures of the account only.
    ms += 900_000;
    await loginSucceeded(db, alice, '10.0.0.1');
    for (let i = 0; i < 3; i++) assert.ok((await beginLogin(db, alice, '10.0.0.1', at())).allowed);
    assert.equal((await beginLogin(db, alice, '10.0.0.1', at())).allowed, false);
    assert.equal(
      (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM auth_attempts WHERE address = '10.0.0.2'"))
        .rows[0]!.n,
      1,
    );
    // A day later the failures no longer count, and the table forgets them.
    ms += 86_400_000 + 1000;
    assert.ok((await beginLogin(db, alice, '10.0.0.1', at())).allowed);
    assert.equal(await rows(), 1);
  });

  test(`${backend}: one address failing on many accounts waits; "email taken" answers are rationed per address`, async (t) => {
    const { db } = await freshDb(t, backend);
    let ms = Date.now();
    const at = () => new Date(ms);
    const { max, windowSeconds } = LOGIN_THROTTLE.addressAccounts;
    for (let i = 0; i < max; i++) {
      assert.ok((await beginLogin(db, accountKey(`user${i}@example.com`), '10.9.9.9', at())).allowed);
      ms += 1000;
    }
    const stuffed = await beginLogin(db, accountKey('bob@example.com'), '10.9.9.9', at());
    // The oldest of the accounts leaves the window first.
    assert.deepEqual(stuffed, { allowed: false, retryAfterSeconds: windowSeconds - max });
    assert.ok((await beginLogin(db, accountKey('bob@example.com'), '10.9.9.10', at())).allowed);
    ms += (windowSeconds - max) * 1000;
    assert.ok((await beginLogin(db, accountKey('bob@example.com'), '10.9.9.9', at())).allowed);

    // Registration: only the caller decides which attempts stay (the "taken" answers).
    for (let i = 0; i < REGISTER_THROTTLE.max; i++) assert.ok((await beginRegistration(db, '10.3.3.3', at())).allowed);
    const probe = await beginRegistration(db, '10.3.3.3', at());
    assert.deepEqual(probe, { allowed: false, retryAfterSeconds: REGISTER_THROTTLE.windowSeconds });
    assert.ok((await beginRegistration(db, '10.3.3.4', at())).allowed);

    // IPv6 counts by /64: a guesser does not get a fresh start from each of its addresses.
    const carol = accountKey('carol@example.com');
    for (let i = 1; i <= 3; i++) assert.ok((await beginLogin(db, carol, `2001:db8:1:2::${i}`, at())).allowed);
    assert.equal((await beginLogin(db, carol, '2001:db8:1:2:ffff:1:2:3', at())).allowed, false);
    assert.ok((await beginLogin(db, carol, '2001:db8:1:3::1', at())).allowed);
  });

  test(`${backend}: registerAccount rations "email taken" per address and counts nothing else`, async (t) => {
    const { db } = await freshDb(t, backend);
    const now = new Date();
    await registerAccount(db, { email: 'taken@example.com', password: 'taken-password' });
    for (let i = 0; i < REGISTER_THROTTLE.max; i++) {
      assert.deepEqual(
        await registerAccount(db, { email: 'taken@example.com', password: 'other-password' }, { ip: '10.3.3.3', now }),
        { ok: false, reason: 'email_taken' },
      );
      if (i === 0)
        assert.ok(
          (
            await registerAccount(
              db,
              { email: `new${i}@example.com`, password: 'new-password' },
              { ip: '10.3.3.3', now },
            )
          ).ok,
        );
    }
    const refused = await registerAccount(
      db,
      { email: 'new9@example.com', password: 'new-password' },
      { ip: '10.3.3.3', now },
    );
    assert.deepEqual(refused, { ok: false, reason: 'throttled', retryAfterSeconds: REGISTER_THROTTLE.windowSeconds });
    // Without a client address (the CLI) nothing is throttled.
    assert.deepEqual(await registerAccount(db, { email: 'taken@example.com', password: 'other-password' }), {
      ok: false,
      reason: 'email_taken',
    });
    const { rows } = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM auth_attempts WHERE action = 'register'",
    );
    assert.equal(rows[0]!.n, REGISTER_THROTTLE.max);
  });

  test(`${backend}: create-admin creates or promotes; login merges only anonymous users`, async (t) => {
    const { db } = await freshDb(t, backend);
    await assert.rejects(
      createOrPromoteAdmin(db, 'root@example.com'),
      (err) => err instanceof UserError && /no account has the email root@example\.com/.test(err.message),
    );
    const created = await createOrPromoteAdmin(db, 'root@example.com', 'root-password-1');
    assert.equal(created.action, 'created');
    assert.deepEqual([created.user.kind, created.user.role], ['account', 'admin']);
    assert.equal((await createOrPromoteAdmin(db, 'root@example.com', 'ignored-password')).action, 'unchanged');

    const anon = await createAnonymousUser(db);
    const registered = await registerAccount(
      db,
      { email: 'Editor@Example.com', password: 'editor-password' },
      { current: anon.user },
    );
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
