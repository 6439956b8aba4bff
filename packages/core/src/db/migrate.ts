import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db, Queryable } from './types.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  file: string;
  /** Extensions named in a `-- requires: a, b` first line; skipped (left pending) when absent. */
  requires: string[];
  sql: string;
}

export interface MigrationStatus {
  applied: number[];
  /** Known migrations not applied yet, with the reason when they cannot be. */
  pending: { version: number; name: string; blockedBy?: string }[];
  /** The database was migrated by a newer release than this one. */
  newerThanCode: number[];
}

export class SchemaTooNewError extends Error {
  constructor(readonly versions: number[]) {
    super(
      `the database schema has migrations this release does not know (${versions.join(', ')}); ` +
        `it was migrated by a newer OLaLA. Run the newer release, or restore a backup taken before the upgrade.`,
    );
    this.name = 'SchemaTooNewError';
  }
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{3}-[a-z0-9-]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const sql = fs.readFileSync(path.join(dir, file), 'utf8');
      const requires = /^--\s*requires:\s*(.+)$/m.exec(sql.split('\n', 1)[0] ?? '')?.[1] ?? '';
      return {
        version: Number(file.slice(0, 3)),
        name: file.slice(4, -4),
        file,
        requires: requires
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        sql,
      };
    });
}

// Any constant works; it only has to be the same for every OLaLA process on one database.
const MIGRATION_LOCK = 7_236_841_001;

export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
}

async function installedExtensions(q: Queryable): Promise<Set<string>> {
  const { rows } = await q.query<{ extname: string }>('SELECT extname FROM pg_extension');
  return new Set(rows.map((r) => r.extname));
}

/**
 * Creates the extensions, then applies pending migrations in order, each in its own
 * transaction, under an advisory lock so that several servers starting at once migrate once.
 * pgvector is optional: without it, vector migrations stay pending and `db.features.vector` is false.
 */
export async function migrate(db: Db, log: Logger, migrations = loadMigrations()): Promise<MigrationStatus> {
  return db.session(async (s) => {
    await s.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      try {
        await s.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
      } catch (err) {
        throw new Error(
          `the pg_trgm extension is missing on ${db.location} (${(err as Error).message}); install the PostgreSQL contrib package (Debian: postgresql-contrib) and retry`,
          { cause: err },
        );
      }
      try {
        await s.query('CREATE EXTENSION IF NOT EXISTS vector');
      } catch (err) {
        log.warn(
          `pgvector is not available on ${db.location} (${(err as Error).message}): vector search and embeddings are off, lexical search works. Use the pgvector/pgvector image to enable them.`,
        );
      }
      const extensions = await installedExtensions(s);
      db.features.vector = extensions.has('vector');

      await s.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const status = await statusWith(s, extensions, migrations);
      if (status.newerThanCode.length) throw new SchemaTooNewError(status.newerThanCode);
      for (const m of migrations) {
        if (!status.pending.some((p) => p.version === m.version && !p.blockedBy)) continue;
        await s.query('BEGIN');
        try {
          await s.exec(m.sql);
          await s.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
          await s.query('COMMIT');
        } catch (err) {
          await s.query('ROLLBACK');
          throw new Error(`migration ${m.file} failed: ${(err as Error).message}`, { cause: err });
        }
        log.info(`applied migration ${m.file}`);
      }
      return statusWith(s, extensions, migrations);
    } finally {
      await s.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  });
}

async function statusWith(q: Queryable, extensions: Set<string>, migrations: Migration[]): Promise<MigrationStatus> {
  const exists = await q.query<{ t: string | null }>("SELECT to_regclass('schema_migrations')::text AS t");
  const applied = exists.rows[0]?.t
    ? (await q.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map(
        (r) => r.version,
      )
    : [];
  const known = new Set(migrations.map((m) => m.version));
  return {
    applied,
    pending: migrations
      .filter((m) => !applied.includes(m.version))
      .map((m) => {
        const missing = m.requires.filter((e) => !extensions.has(e));
        return {
          version: m.version,
          name: m.name,
          ...(missing.length ? { blockedBy: `extension ${missing.join(', ')} not installed` } : {}),
        };
      }),
    newerThanCode: applied.filter((v) => !known.has(v)),
  };
}

/** Read-only: what `olala check` reports. Never creates anything. */
export async function migrationStatus(db: Db, migrations = loadMigrations()): Promise<MigrationStatus> {
  return statusWith(db, await installedExtensions(db), migrations);
}
