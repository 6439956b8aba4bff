import type { Queryable } from './types.js';

/** Trigram search on Hangul silently returns nothing under a non-UTF-8 ctype, so say so loudly. */
export async function encodingWarnings(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ encoding: string; ctype: string }>(
    'SELECT pg_encoding_to_char(encoding) AS encoding, datctype AS ctype FROM pg_database WHERE datname = current_database()',
  );
  const row = rows[0];
  if (!row) return [];
  const warnings: string[] = [];
  if (row.encoding !== 'UTF8')
    warnings.push(
      `database encoding is ${row.encoding}, not UTF8: Korean text cannot be stored reliably; recreate the database with ENCODING 'UTF8'`,
    );
  if (!/utf-?8/i.test(row.ctype))
    warnings.push(
      `database LC_CTYPE is "${row.ctype}", not UTF-8: pg_trgm finds no trigrams in Hangul; recreate the cluster with --locale=C.UTF-8`,
    );
  return warnings;
}
