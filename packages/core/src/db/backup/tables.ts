import type { Queryable } from '../types.js';

/**
 * Every user table, whatever migrations created it: the backup must not depend on a table list.
 * Names come from the catalog and are quoted by the server (`format('%I.%I')`), so any name is safe.
 */
async function userTables(q: Queryable): Promise<{ key: string; quoted: string }[]> {
  const { rows } = await q.query<{ key: string; quoted: string }>(
    `SELECT CASE WHEN n.nspname = 'public' THEN c.relname ELSE n.nspname || '.' || c.relname END AS key,
            format('%I.%I', n.nspname, c.relname) AS quoted
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
      ORDER BY 1`,
  );
  return rows;
}

/** Exact row counts per table; run it in the same snapshot as the dump to match it exactly. */
export async function tableCounts(q: Queryable): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const t of await userTables(q)) {
    const { rows } = await q.query<{ n: number }>(`SELECT count(*)::bigint AS n FROM ${t.quoted}`);
    counts[t.key] = Number(rows[0]?.n ?? 0);
  }
  return counts;
}

/**
 * Tables that hold rows. A database that was only migrated (a fresh server start creates empty
 * tables) counts as empty, so restoring into a new deployment needs no --force.
 */
export async function tablesWithRows(q: Queryable): Promise<string[]> {
  const found: string[] = [];
  for (const t of await userTables(q)) {
    if (t.key === 'schema_migrations') continue;
    const { rows } = await q.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${t.quoted}) AS any`);
    if (rows[0]?.any) found.push(t.key);
  }
  return found;
}

export async function appliedMigrations(q: Queryable): Promise<number[]> {
  const { rows: exists } = await q.query<{ t: string | null }>(
    "SELECT to_regclass('public.schema_migrations')::text AS t",
  );
  if (!exists[0]?.t) return [];
  const { rows } = await q.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
  return rows.map((r) => r.version);
}

/** Names what differs between the counts a backup recorded and what a restore produced. */
export function countDifferences(expected: Record<string, number>, actual: Record<string, number>): string[] {
  const diffs: string[] = [];
  for (const [table, n] of Object.entries(expected)) {
    if (actual[table] !== n) diffs.push(`${table}: backup has ${n} rows, restored ${actual[table] ?? 'no table'}`);
  }
  return diffs;
}
