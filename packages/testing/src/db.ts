import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import pg from 'pg';
import { loadConfig, openDb, type Db } from '@olala/core';

export const BACKENDS = ['pglite', 'postgres'] as const;
export type TestBackend = (typeof BACKENDS)[number];

/** The PostgreSQL server that `npm test` starts; tests make their own databases on it. */
export function serverUrl(): string {
  const url = process.env.OLALA_TEST_DATABASE_URL;
  if (!url) {
    throw new Error(
      'OLALA_TEST_DATABASE_URL is not set: run the tests with `npm test`, which starts a PostgreSQL server for them',
    );
  }
  return url;
}

export function tempDir(t: TestContext, prefix = 'olala-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Environment for a fresh, empty database on `backend`: DATABASE_URL or OLALA_DATA_DIR. */
export async function freshDatabaseEnv(t: TestContext, backend: TestBackend): Promise<Record<string, string>> {
  if (backend === 'pglite') return { OLALA_DATA_DIR: tempDir(t) };
  const name = `olala_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
  await admin.end();
  t.after(async () => {
    const c = new pg.Client({ connectionString: serverUrl() });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  });
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return { DATABASE_URL: url.toString() };
}

/** A migrated, empty database on `backend`, closed when the test ends. */
export async function freshDb(
  t: TestContext,
  backend: TestBackend,
  options: { migrate?: boolean } = {},
): Promise<{ db: Db; env: Record<string, string> }> {
  const env = await freshDatabaseEnv(t, backend);
  const db = await openDb(loadConfig(env), { command: `test ${t.name}`, migrate: options.migrate });
  t.after(() => db.close());
  return { db, env };
}
