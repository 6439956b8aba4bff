import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../../errors.js';

export interface PgTools {
  binDir: string | undefined;
  pgDump: string;
  pgRestore: string;
  psql: string;
  /** Major version of the tools, e.g. 15. */
  major: number;
}

function major(bin: string): number | undefined {
  const res = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  const m = /\(PostgreSQL\)\s+(\d+)/.exec(res.stdout ?? '');
  return m ? Number(m[1]) : undefined;
}

const INSTALL_HINT = (v: number | string) =>
  `install the PostgreSQL ${v} client tools (Debian: apt-get install postgresql-client-${v}, from apt.postgresql.org when Debian has no such version; node scripts/pg-tools.mjs does it), or put the folder holding pg_dump, pg_restore and psql first on PATH`;

/**
 * Finds pg_dump, pg_restore and psql: the newest /usr/lib/postgresql/<v>/bin (Debian installs
 * several versions side by side there), else PATH. pg_dump must be at least as new as the
 * server, so the newest found is the best choice.
 */
export function findPgTools(serverMajor?: number): PgTools {
  const dirs: (string | undefined)[] = [];
  try {
    const versions = fs
      .readdirSync('/usr/lib/postgresql')
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    dirs.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`));
  } catch {}
  dirs.push(undefined);
  const found: string[] = [];
  for (const dir of dirs) {
    const bin = (name: string) => (dir ? path.join(dir, name) : name);
    if (dir && !fs.existsSync(bin('pg_dump'))) continue;
    const v = major(bin('pg_dump'));
    if (v === undefined) continue;
    if (serverMajor !== undefined && v < serverMajor) {
      found.push(`${bin('pg_dump')} is ${v}`);
      continue;
    }
    return { binDir: dir, pgDump: bin('pg_dump'), pgRestore: bin('pg_restore'), psql: bin('psql'), major: v };
  }
  if (found.length) {
    throw new UserError(
      `the database server is PostgreSQL ${serverMajor} but pg_dump must be at least as new as the server (${found.join(', ')}): ${INSTALL_HINT(serverMajor ?? 15)}`,
    );
  }
  throw new UserError(
    `pg_dump was not found (looked in /usr/lib/postgresql/*/bin and PATH): ${INSTALL_HINT(serverMajor ?? 15)}`,
  );
}

/**
 * The connection URL without its password, and the password as PGPASSWORD, so the secret
 * never shows in the process list.
 */
export function connectionEnv(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { dbname: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}
