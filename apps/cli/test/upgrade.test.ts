// Upgrades: an old release never runs against a newer schema, and `olala check` says where the
// schema stands (pending, current, newer) and where the read replica stands.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CheckReport } from '@olala/contract';
import { loadMigrations } from '@olala/core';
import { BACKENDS, freshDb } from '@olala/testing';
import { closedPortUrl } from '@olala/testing/loopback';
import { olala, STACK } from './run-olala.js';

const checkItem = (report: CheckReport, name: string) => report.checks.find((c) => c.name === name);

for (const backend of BACKENDS) {
  test(`${backend}: olala serve refuses a database migrated by a newer release, exits non-zero and says what to do`, async (t) => {
    const { db, env } = await freshDb(t, backend);
    const future = Math.max(...loadMigrations().map((m) => m.version)) + 1;
    await db.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [future, 'from-the-future']);
    await db.close();

    const serve = await olala(
      { ...env, OLALA_IMPORT_SAMPLE: '0', LOG_LEVEL: 'silent' },
      'serve',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
    );
    assert.equal(serve.status, 2, serve.stdout + serve.stderr);
    assert.match(
      serve.stderr,
      new RegExp(
        `^error: the database schema has migrations this release does not know \\(${future}\\); it was migrated by a newer OLaLA\\. Run the newer release, or restore a backup taken before the upgrade\\.$`,
        'm',
      ),
    );
    assert.doesNotMatch(serve.stdout + serve.stderr, /serving on/);
    assert.doesNotMatch(serve.stderr, STACK);

    const migrate = await olala(env, 'db', 'migrate');
    assert.equal(migrate.status, 2);
    assert.match(migrate.stderr, /migrations this release does not know/);

    // check opens the database without migrating, so it can say the same thing instead of "current".
    const check = await olala(env, 'check', '--json', '--url', await closedPortUrl());
    const migrations = checkItem(JSON.parse(check.stdout) as CheckReport, 'migrations');
    assert.equal(check.status, 1);
    assert.equal(migrations?.status, 'fail');
    assert.match(migrations?.detail ?? '', new RegExp(`does not know \\(${future}\\)`));
    assert.match(migrations?.hint ?? '', /docs\/upgrades\.md/);
  });

  test(`${backend}: olala check reports pending migrations, and current once they have run`, async (t) => {
    // A database no server of this release has started on yet.
    const { db, env } = await freshDb(t, backend, { migrate: false });
    await db.close();
    const all = loadMigrations();
    const before = JSON.parse(
      (await olala(env, 'check', '--json', '--url', await closedPortUrl())).stdout,
    ) as CheckReport;
    assert.equal(checkItem(before, 'migrations')?.status, 'fail');
    // A `-- requires: vector` migration counts only once the extension is there, which migrating creates.
    const runnable = all.filter((m) => m.requires.length === 0);
    assert.equal(
      checkItem(before, 'migrations')?.detail,
      `pending: ${runnable.map((m) => `${m.version}-${m.name}`).join(', ')}`,
    );

    const migrate = await olala(env, 'db', 'migrate');
    assert.equal(migrate.status, 0, migrate.stderr);
    const after = JSON.parse(
      (await olala(env, 'check', '--json', '--url', await closedPortUrl())).stdout,
    ) as CheckReport;
    assert.equal(checkItem(after, 'migrations')?.status, 'ok');
    assert.match(
      checkItem(after, 'migrations')?.detail ?? '',
      new RegExp(`^current \\(applied: .*\\b${all.at(-1)!.version}\\)$`),
    );
  });
}

test('postgres: olala check reports the read replica: reachable but not a standby is a warning, unreachable fails', async (t) => {
  const primary = await freshDb(t, 'postgres');
  const other = await freshDb(t, 'postgres');
  await primary.db.close();
  await other.db.close();
  const notStandby = JSON.parse(
    (
      await olala(
        { ...primary.env, DATABASE_READ_URL: other.env.DATABASE_URL! },
        'check',
        '--json',
        '--url',
        await closedPortUrl(),
      )
    ).stdout,
  ) as CheckReport;
  const replica = checkItem(notStandby, 'read replica');
  assert.equal(replica?.status, 'warn');
  assert.match(replica?.detail ?? '', /reachable, but not a standby \(pg_is_in_recovery\(\) is false\)/);
  assert.equal(checkItem(notStandby, 'read replica schema'), undefined, 'both databases are fully migrated');

  const down = await olala(
    { ...primary.env, DATABASE_READ_URL: `${await closedPortUrl('postgres')}/olala` },
    'check',
    '--url',
    await closedPortUrl(),
  );
  assert.equal(down.status, 1);
  assert.match(
    down.stdout,
    /^✗ read replica: cannot reach PostgreSQL at postgres:\/\/127\.0\.0\.1:\d+\/olala: .*ECONNREFUSED.*\(the server reads the wiki from the primary meanwhile\)\n {4}→ start the replica/m,
  );
  assert.doesNotMatch(down.stdout + down.stderr, STACK);
});
