import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { AdminUserList, AuthSessionResponse, HistoryPage, MeResponse } from '@olala/contract';
import { BACKENDS } from '@olala/testing';
import { anonymous, bearer, build } from '../helper.js';

const PASSWORD = '올라라-비밀번호-1234';
async function register(
  app: FastifyInstance,
  email: string,
  token?: string,
  extra: Record<string, string> = {},
): Promise<AuthSessionResponse> {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/auth/register',
    headers: token ? bearer(token) : {},
    payload: { email, password: PASSWORD, ...extra },
  });
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.headers['cache-control'], 'no-store');
  return res.json();
}

function login(
  app: FastifyInstance,
  email: string,
  password = PASSWORD,
  options: { token?: string; ip?: string } = {},
) {
  return app.inject({
    method: 'POST',
    url: '/v1/auth/login',
    headers: options.token ? bearer(options.token) : {},
    remoteAddress: options.ip ?? '127.0.0.1',
    payload: { email, password },
  });
}

const status = async (app: FastifyInstance, token: string, url = '/v1/me') =>
  (await app.inject({ method: 'GET', url, headers: bearer(token) })).statusCode;

/** A stored analysis to put in histories, without running the pipeline. */
async function analysis(app: FastifyInstance, claim: string): Promise<string> {
  const id = randomUUID();
  await app.db.query(
    `INSERT INTO analyses (analysis_id, input_type, input_payload, input_key, claim, label, confidence, status, streamed, cacheable, latency_ms, model_info, stages, result)
     VALUES ($1, 'text', $2, $3, $2, 'TRUE', 0.9, 'complete', false, true, 1, '{}', '[]', '{}')`,
    [id, claim, `test:${id}`],
  );
  return id;
}

async function bookmark(app: FastifyInstance, token: string, id: string): Promise<void> {
  const res = await app.inject({ method: 'PUT', url: `/v1/bookmarks/${id}`, headers: bearer(token) });
  assert.ok(res.statusCode < 300, res.body);
}

async function ids(app: FastifyInstance, token: string, list: 'history' | 'bookmarks'): Promise<string[]> {
  const res = await app.inject({ method: 'GET', url: `/v1/${list}`, headers: bearer(token) });
  assert.equal(res.statusCode, 200, res.body);
  return res
    .json<HistoryPage>()
    .items.map((i) => (i.kind === 'truth' ? i.analysis_id : i.article_id))
    .sort();
}

for (const backend of BACKENDS) {
  test(`${backend}: registering with an anonymous token turns that user into the account; its history stays`, async (t) => {
    const app = await build(t, backend);
    const anon = await anonymous(app);
    const checked = await analysis(app, '올라라전자가 2031년에 화성에 공장을 지었다.');
    await app.db.query('INSERT INTO history (user_id, analysis_id) VALUES ($1, $2)', [anon.user.user_id, checked]);
    await bookmark(app, anon.token, checked);

    const account = await register(app, ' Alice@Example.COM ', anon.token, { nickname: '진실 탐정' });
    assert.equal(account.user.user_id, anon.user.user_id);
    assert.equal(account.user.kind, 'account');
    assert.equal(account.user.role, 'user');
    assert.equal(account.user.nickname, '진실 탐정');
    assert.equal(account.user.color, anon.user.color);
    assert.notEqual(account.token, anon.token);
    // Accounts slide over 30 days, not the anonymous year.
    const days = (Date.parse(account.expires_at) - Date.now()) / 86_400_000;
    assert.ok(days > 29.9 && days <= 30, `expires in ${days} days`);
    assert.deepEqual(await ids(app, account.token, 'history'), [checked]);
    assert.deepEqual(await ids(app, account.token, 'bookmarks'), [checked]);
    // The device secret no longer opens anything: it would be a password-free way into the account.
    assert.equal(await status(app, anon.token), 401);

    const me = await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(account.token) });
    assert.deepEqual(me.json<MeResponse>(), { ...account.user, email: 'alice@example.com' });
    // Anonymous users have no email field at all.
    const other = await anonymous(app);
    assert.deepEqual((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(other.token) })).json(), {
      ...other.user,
      role: 'user',
    });

    // Without a token: a new user. Emails are case-insensitive.
    const bob = await register(app, 'bob@example.com');
    assert.notEqual(bob.user.user_id, anon.user.user_id);
    assert.equal(bob.user.kind, 'account');
    for (const [headers, email, code, message] of [
      [{}, 'ALICE@example.com', 'EMAIL_TAKEN', /이미 가입된 이메일/],
      [bearer(other.token), 'alice@EXAMPLE.com', 'EMAIL_TAKEN', /이미 가입된 이메일/],
      [bearer(bob.token), 'carol@example.com', 'ALREADY_ACCOUNT', /이미 계정으로 로그인/],
    ] as const) {
      const res = await app.inject({
        method: 'POST',
        url: '/v1/auth/register',
        headers,
        payload: { email, password: PASSWORD },
      });
      assert.equal(res.statusCode, 409, res.body);
      assert.equal(res.json().code, code);
      assert.match(res.json().message, message);
    }
    // A refused registration leaves the anonymous user as it was.
    assert.equal(await status(app, other.token), 200);

    for (const [payload, pattern] of [
      [{ email: 'not-an-email', password: PASSWORD }, /이메일\(email\) 형식/],
      [{ email: 'c@example.com', password: '1234567' }, /비밀번호\(password\)는 8자 이상/],
      [{ email: 'c@example.com', password: '가'.repeat(201) }, /비밀번호\(password\)는 200자 이하/],
      [{ email: 'c@example.com', password: PASSWORD, nickname: '   ' }, /닉네임/],
      [{ email: 'c@example.com' }, /body must have required property 'password'/],
    ] as const) {
      const res = await app.inject({ method: 'POST', url: '/v1/auth/register', payload });
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
      assert.match(res.json().message, pattern);
    }
    // Eight Korean characters are eight characters, not 24 bytes or 8 UTF-16 units by luck.
    await register(app, 'dave@example.com', undefined, { password: '가나다라마바사아' });
    const { rows } = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users WHERE kind = $1', [
      'account',
    ]);
    assert.equal(rows[0]!.n, 3);
  });

  test(`${backend}: logging in from an anonymous device moves its history and bookmarks to the account without duplicates`, async (t) => {
    const app = await build(t, backend);
    const account = await register(app, 'alice@example.com');
    const [a, b, c] = [await analysis(app, '주장 A'), await analysis(app, '주장 B'), await analysis(app, '주장 C')];
    await app.db.query('INSERT INTO history (user_id, analysis_id) VALUES ($1, $2), ($1, $3)', [
      account.user.user_id,
      a,
      b,
    ]);
    await bookmark(app, account.token, a);
    await bookmark(app, account.token, b);

    const device = await anonymous(app);
    await app.db.query('INSERT INTO history (user_id, analysis_id) VALUES ($1, $2), ($1, $3)', [
      device.user.user_id,
      b,
      c,
    ]);
    await bookmark(app, device.token, b);
    await bookmark(app, device.token, c);

    const res = await login(app, 'ALICE@example.com', PASSWORD, { token: device.token });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['cache-control'], 'no-store');
    const session = res.json<AuthSessionResponse>();
    assert.deepEqual(session.user, account.user);
    assert.notEqual(session.token, account.token);
    assert.deepEqual(await ids(app, session.token, 'history'), [a, b, c].sort());
    assert.deepEqual(await ids(app, session.token, 'bookmarks'), [a, b, c].sort());
    // The earlier session of the account is still live: logging in elsewhere logs nobody out.
    assert.deepEqual(await ids(app, account.token, 'history'), [a, b, c].sort());
    const left = await app.db.query<{ n: number }>(
      'SELECT (SELECT count(*) FROM history WHERE user_id = $1) + (SELECT count(*) FROM bookmarks WHERE user_id = $1) AS n',
      [device.user.user_id],
    );
    assert.equal(Number(left.rows[0]!.n), 0);
    assert.equal(await status(app, device.token), 401, 'the anonymous session is revoked');

    // An account's token on login merges nothing (accounts never swallow each other); a dead token is ignored.
    const bob = await register(app, 'bob@example.com');
    const bobCheck = await analysis(app, '주장 D');
    await bookmark(app, bob.token, bobCheck);
    const again = await login(app, 'alice@example.com', PASSWORD, { token: bob.token });
    assert.equal(again.statusCode, 200, again.body);
    assert.deepEqual(await ids(app, bob.token, 'bookmarks'), [bobCheck]);
    assert.deepEqual(await ids(app, again.json<AuthSessionResponse>().token, 'bookmarks'), [a, b, c].sort());
    assert.equal((await login(app, 'alice@example.com', PASSWORD, { token: device.token })).statusCode, 200);
  });

  test(`${backend}: a wrong password and an unknown email get the same answer in similar time`, async (t) => {
    const app = await build(t, backend);
    await register(app, 'alice@example.com');
    const timed = async (email: string, password: string) => {
      const started = performance.now();
      const res = await login(app, email, password, { ip: `10.1.0.${Math.floor(Math.random() * 250)}` });
      return { res, ms: performance.now() - started };
    };
    // Warm the dummy hash up: it is made once, on the first unknown email.
    await timed('nobody@example.com', PASSWORD);
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      const w = await timed('alice@example.com', `${PASSWORD}!`);
      const u = await timed(`nobody${i}@example.com`, PASSWORD);
      assert.equal(w.res.statusCode, 401);
      assert.equal(u.res.statusCode, 401);
      assert.deepEqual(u.res.json(), w.res.json());
      assert.deepEqual(w.res.json(), {
        code: 'INVALID_CREDENTIALS',
        message: '이메일 또는 비밀번호가 올바르지 않습니다.',
        display_message: '이메일 또는 비밀번호가 올바르지 않습니다.',
      });
      wrong.push(w.ms);
      unknown.push(u.ms);
    }
    const median = (xs: number[]) => xs.sort((x, y) => x - y)[1]!;
    // Without the dummy hash an unknown email answers in a few ms against ~100 ms or more.
    assert.ok(median(unknown) > median(wrong) * 0.4, `unknown ${unknown.join(', ')} ms, wrong ${wrong.join(', ')} ms`);
    assert.equal((await login(app, 'alice@example.com')).statusCode, 200);
  });

  test(`${backend}: registration tells a taken email only 5 times per address an hour (enumeration); login never tells`, async (t) => {
    const app = await build(t, backend);
    await register(app, 'member@example.com');
    const probe = (email: string, ip: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/auth/register',
        remoteAddress: ip,
        payload: { email, password: PASSWORD },
      });
    for (let i = 0; i < 5; i++) {
      const taken = await probe('MEMBER@example.com', '10.3.3.3');
      assert.equal(taken.statusCode, 409, taken.body);
      assert.deepEqual(taken.json(), {
        code: 'EMAIL_TAKEN',
        message: '이미 가입된 이메일입니다. 로그인해 주세요.',
        display_message: '이미 가입된 이메일입니다. 로그인해 주세요.',
      });
      // A new email from that address registers, and is no probe.
      if (i === 1) assert.equal((await probe('newcomer@example.com', '10.3.3.3')).statusCode, 201);
    }
    const refused = await probe('member@example.com', '10.3.3.3');
    assert.equal(refused.statusCode, 429, refused.body);
    assert.equal(refused.json().code, 'RATE_LIMITED');
    assert.match(refused.json().message, /^가입 시도가 너무 많습니다\. 60분 후에 다시 시도해 주세요\.$/);
    const retryAfter = Number(refused.headers['retry-after']);
    assert.ok(retryAfter > 3000 && retryAfter <= 3600, `Retry-After ${retryAfter}`);
    // Another address still hears the truth; an hour later this one does too (the count is in the database).
    assert.equal((await probe('member@example.com', '10.3.3.4')).statusCode, 409);
    await app.db.query("UPDATE auth_attempts SET attempted_at = attempted_at - interval '1 hour'");
    assert.equal((await probe('member@example.com', '10.3.3.3')).statusCode, 409);
    // Login answers an unknown email exactly as a wrong password (the test above times them).
    const unknown = await login(app, 'nobody@example.com', PASSWORD, { ip: '10.3.3.5' });
    const wrong = await login(app, 'member@example.com', 'wrong-password', { ip: '10.3.3.5' });
    assert.equal(unknown.statusCode, 401);
    assert.deepEqual(unknown.json(), wrong.json());
  });

  test(`${backend}: account sessions expire, are revoked by logout, and a password change revokes the others`, async (t) => {
    const app = await build(t, backend);
    const first = await register(app, 'alice@example.com');
    const second = (await login(app, 'alice@example.com')).json<AuthSessionResponse>();
    const third = (await login(app, 'alice@example.com')).json<AuthSessionResponse>();

    // Expired.
    await app.db.query("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1", [
      first.user.user_id,
    ]);
    const expired = await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(first.token) });
    assert.equal(expired.statusCode, 401);
    assert.match(expired.json().message, /만료/);
    await app.db.query("UPDATE sessions SET expires_at = now() + interval '1 day' WHERE user_id = $1", [
      first.user.user_id,
    ]);

    // Logout ends this session only.
    const out = await app.inject({ method: 'POST', url: '/v1/auth/logout', headers: bearer(third.token) });
    assert.equal(out.statusCode, 204, out.body);
    assert.equal(await status(app, third.token), 401);
    assert.equal(
      (await app.inject({ method: 'POST', url: '/v1/auth/logout', headers: bearer(third.token) })).statusCode,
      401,
    );
    assert.equal((await app.inject({ method: 'POST', url: '/v1/auth/logout' })).statusCode, 401);
    assert.equal(await status(app, first.token), 200);

    const change = (token: string, current_password: string, new_password: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/auth/password',
        headers: bearer(token),
        payload: { current_password, new_password },
      });
    const wrong = await change(first.token, 'not-my-password', 'new-password-5678');
    assert.equal(wrong.statusCode, 403);
    assert.deepEqual(wrong.json(), {
      code: 'INVALID_CREDENTIALS',
      message: '현재 비밀번호(current_password)가 올바르지 않습니다.',
      display_message: '현재 비밀번호(current_password)가 올바르지 않습니다.',
    });
    const short = await change(first.token, PASSWORD, 'short');
    assert.equal(short.statusCode, 400);
    assert.match(short.json().message, /비밀번호\(new_password\)는 8자 이상/);
    const anon = await anonymous(app);
    const anonChange = await change(anon.token, PASSWORD, 'new-password-5678');
    assert.equal(anonChange.statusCode, 400);
    assert.match(anonChange.json().message, /익명 사용자에게는 비밀번호가 없습니다/);

    const changed = await change(first.token, PASSWORD, 'new-password-5678');
    assert.equal(changed.statusCode, 204, changed.body);
    assert.equal(await status(app, first.token), 200, 'the session that changed it stays');
    const revoked = await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(second.token) });
    assert.equal(revoked.statusCode, 401);
    assert.match(revoked.json().message, /유효하지 않습니다/);
    assert.equal((await login(app, 'alice@example.com')).statusCode, 401);
    assert.equal((await login(app, 'alice@example.com', 'new-password-5678')).statusCode, 200);
    const { rows } = await app.db.query<{ changed: boolean }>(
      "SELECT password_changed_at > now() - interval '1 minute' AS changed FROM users WHERE email = $1",
      ['alice@example.com'],
    );
    assert.equal(rows[0]!.changed, true);
  });

  test(`${backend}: admin routes: 401 without a token, 403 for users, 200 for admins`, async (t) => {
    const app = await build(t, backend);
    const anon = await anonymous(app);
    const user = await register(app, 'user@example.com');
    const admin = await register(app, 'admin@example.com');
    await app.db.query("UPDATE users SET role = 'admin' WHERE user_id = $1", [admin.user.user_id]);

    const list = (headers: Record<string, string>, query = '') =>
      app.inject({ method: 'GET', url: `/v1/admin/users${query}`, headers });
    const none = await list({});
    assert.equal(none.statusCode, 401);
    assert.equal(none.json().code, 'UNAUTHORIZED');
    assert.equal((await list(bearer('x'.repeat(43)))).statusCode, 401);
    for (const token of [anon.token, user.token]) {
      const res = await list(bearer(token));
      assert.equal(res.statusCode, 403);
      assert.deepEqual(res.json(), { code: 'FORBIDDEN', message: '관리자만 사용할 수 있는 기능입니다.' });
    }
    const ok = await list(bearer(admin.token));
    assert.equal(ok.statusCode, 200, ok.body);
    const items = ok.json<AdminUserList>().items;
    assert.deepEqual(
      new Set(items.map((i) => i.user_id)),
      new Set([anon.user.user_id, user.user.user_id, admin.user.user_id]),
    );
    const me = items.find((i) => i.user_id === admin.user.user_id)!;
    assert.equal(me.role, 'admin');
    assert.equal(me.email, 'admin@example.com');
    assert.equal(items.find((i) => i.user_id === anon.user.user_id)!.email, null);
    assert.equal('password_hash' in me, false);
    assert.equal((await list(bearer(admin.token), '?limit=1')).json<AdminUserList>().items.length, 1);
    assert.equal((await list(bearer(admin.token), '?limit=0')).statusCode, 400);
    // The role is read on every request: a demoted admin is refused at once.
    await app.db.query("UPDATE users SET role = 'user' WHERE user_id = $1", [admin.user.user_id]);
    assert.equal((await list(bearer(admin.token))).statusCode, 403);
    // Only accounts can be admins.
    await assert.rejects(
      app.db.query("UPDATE users SET role = 'admin' WHERE user_id = $1", [anon.user.user_id]),
      /users_admin_is_account/,
    );
  });

  test(`${backend}: the database never holds a password in plain text`, async (t) => {
    const app = await build(t, backend);
    const anon = await anonymous(app);
    await register(app, 'alice@example.com', anon.token);
    const session = (await login(app, 'alice@example.com')).json<AuthSessionResponse>();
    await app.inject({
      method: 'POST',
      url: '/v1/auth/password',
      headers: bearer(session.token),
      payload: { current_password: PASSWORD, new_password: 'second-secret-9876' },
    });
    assert.equal((await login(app, 'alice@example.com', 'a-wrong-guess-1234')).statusCode, 401);
    const { rows } = await app.db.query<{ dump: string }>(
      `SELECT concat_ws(' ', (SELECT string_agg(u::text, ' ') FROM users u), (SELECT string_agg(s::text, ' ') FROM sessions s),
                        (SELECT string_agg(a::text, ' ') FROM auth_attempts a)) AS dump`,
    );
    for (const secret of [PASSWORD, 'a-wrong-guess-1234', 'second-secret-9876'])
      assert.ok(!rows[0]!.dump.includes(secret), `${secret} is stored`);
    // The throttle keeps no list of the emails people typed either.
    const attempts = await app.db.query<{ account: string }>(
      "SELECT account FROM auth_attempts WHERE action = 'login'",
    );
    assert.ok(attempts.rows.length > 0);
    for (const { account } of attempts.rows) assert.match(account, /^[0-9a-f]{64}$/);
    const hash = await app.db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE email = $1', [
      'alice@example.com',
    ]);
    assert.match(hash.rows[0]!.password_hash, /^scrypt\$65536\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  });
}
