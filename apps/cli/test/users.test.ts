import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig, openDb } from '@olala/core';
import { registerAccount, verifyPassword } from '@olala/core/identity';
import { BACKENDS, freshDatabaseEnv } from '@olala/testing';
import { olalaWithInput, STACK } from './run-olala.js';

const olala = olalaWithInput;

/** The stored account, read after the child has closed the database. */
async function account(env: Record<string, string>, email: string) {
  const db = await openDb(loadConfig(env), { command: 'test' });
  try {
    const { rows } = await db.query<{ user_id: string; kind: string; role: string; password_hash: string }>(
      'SELECT user_id::text AS user_id, kind, role, password_hash FROM users WHERE email = $1',
      [email],
    );
    return rows[0];
  } finally {
    await db.close();
  }
}

for (const backend of BACKENDS) {
  test(`${backend}: olala users create-admin creates an admin from a piped password, promotes an existing account, and lists them`, async (t) => {
    const env = await freshDatabaseEnv(t, backend);
    const created = await olala(
      env,
      'admin-password-1234\n',
      'users',
      'create-admin',
      '--email',
      'Root@Example.com',
      '--password-stdin',
    );
    assert.equal(created.status, 0, created.stderr);
    assert.match(created.stdout, /^created admin account root@example\.com \(user [0-9a-f-]{36}\)$/m);
    const root = await account(env, 'root@example.com');
    assert.ok(root);
    assert.deepEqual([root.kind, root.role], ['account', 'admin']);
    // The trailing newline of the pipe is not part of the password.
    assert.equal(await verifyPassword('admin-password-1234', root.password_hash), true);
    assert.equal(await verifyPassword('admin-password-1234\n', root.password_hash), false);
    assert.doesNotMatch(root.password_hash, /admin-password/);

    const again = await olala(
      env,
      'something-else-99\n',
      'users',
      'create-admin',
      '--email',
      'root@example.com',
      '--password-stdin',
    );
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /already an admin; nothing changed/);
    assert.equal((await account(env, 'root@example.com'))!.password_hash, root.password_hash);

    // An app user's account becomes an admin; no password needed, and it keeps its own.
    const db = await openDb(loadConfig(env), { command: 'test' });
    const registered = await registerAccount(db, { email: 'editor@example.com', password: 'editor-password-1' });
    await db.close();
    assert.ok(registered.ok);
    const promoted = await olala(env, '', 'users', 'create-admin', '--email', 'editor@example.com');
    assert.equal(promoted.status, 0, promoted.stderr);
    assert.match(
      promoted.stdout,
      /^promoted editor@example\.com \(user [0-9a-f-]{36}\) to admin; its password is unchanged$/m,
    );
    const editor = await account(env, 'editor@example.com');
    assert.equal(editor!.role, 'admin');
    assert.equal(await verifyPassword('editor-password-1', editor!.password_hash), true);

    const list = await olala(env, '', 'users', 'list', '--admins');
    assert.equal(list.status, 0, list.stderr);
    const lines = list.stdout.trim().split('\n');
    assert.equal(lines[0], 'user_id\tkind\trole\temail\tnickname\tcreated_at');
    assert.deepEqual(
      lines
        .slice(1)
        .map((l) => l.split('\t').slice(1, 4))
        .sort(),
      [
        ['account', 'admin', 'editor@example.com'],
        ['account', 'admin', 'root@example.com'],
      ],
    );
  });

  test(`${backend}: olala users create-admin refuses a bad email, a missing or short password, with the flag and no stack`, async (t) => {
    const env = await freshDatabaseEnv(t, backend);
    for (const [input, args, message] of [
      [
        '',
        ['--email', 'not-an-email', '--password-stdin'],
        /^error: --email: "not-an-email" is not an email address$/m,
      ],
      ['', ['--email', 'a@example.com'], /^error: --password-stdin: no password given and stdin is not a terminal/m],
      [
        'short\n',
        ['--email', 'a@example.com', '--password-stdin'],
        /^error: --password-stdin: the password must be 8 to 200 characters long, got 5$/m,
      ],
      ['', [], /required option '--email <email>' not specified/],
    ] as const) {
      const res = await olala(env, input, 'users', 'create-admin', ...args);
      assert.equal(res.status, 2, `${args.join(' ')}: ${res.stderr}`);
      assert.match(res.stderr, message);
      assert.doesNotMatch(res.stderr, STACK);
    }
    assert.equal(await account(env, 'a@example.com'), undefined, 'nothing was created');
    const badLimit = await olala(env, '', 'users', 'list', '--limit', 'many');
    assert.equal(badLimit.status, 2);
    assert.match(badLimit.stderr, /--limit: expected an integer/);
  });
}
