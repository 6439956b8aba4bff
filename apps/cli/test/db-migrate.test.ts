import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig, loadMigrations, openDb } from '@olala/core';
import { BACKENDS, freshDatabaseEnv } from '@olala/testing';
import { olala, STACK } from './run-olala.js';

for (const backend of BACKENDS) {
  test(`${backend}: olala db migrate applies everything once; a second run is a no-op`, async (t) => {
    const env = await freshDatabaseEnv(t, backend);
    const first = await olala(env, 'db', 'migrate');
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /^applied now: 001-wiki(, |$)/m);
    assert.match(first.stderr, /applied migration 001-wiki\.sql/);

    const second = await olala(env, 'db', 'migrate');
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /^applied now: none \(already up to date\)$/m);
    assert.doesNotMatch(second.stderr, /applied migration/);
    const appliedLine = (out: string) => out.split('\n').find((l) => l.startsWith('applied: '));
    assert.equal(appliedLine(second.stdout), appliedLine(first.stdout));

    const db = await openDb(loadConfig(env), { command: 'test', migrate: false });
    try {
      const { rows } = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      const expected = loadMigrations()
        .filter((m) => !m.requires.includes('vector') || db.features.vector)
        .map((m) => m.version);
      assert.deepEqual(
        rows.map((r) => r.version),
        expected,
      );
    } finally {
      await db.close();
    }
  });
}

test('olala db migrate with an unknown flag prints usage and exits 2', async () => {
  const res = await olala({}, 'db', 'migrate', '--force');
  assert.equal(res.status, 2);
  assert.match(res.stderr, /unknown option '--force'/);
  assert.match(res.stderr, /Usage: olala db migrate/);
  assert.doesNotMatch(res.stderr, STACK);
});
