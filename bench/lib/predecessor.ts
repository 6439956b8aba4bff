import { spawn } from 'node:child_process';
import fs from 'node:fs';
import pg from 'pg';
import { ident } from '@olala/core';

/**
 * The predecessor's way to load and index the wiki, as the yardstick: `psql \copy` into plain
 * tables with only their primary key, then a 'simple' full-text GIN on chunk content, a
 * trigram GIN on titles, and ANALYZE.
 */

const COLUMN_TYPES: Record<string, string> = {
  page_id: 'bigint',
  chunk_id: 'bigint',
  chunk_idx: 'integer',
};

export function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function adminQuery(serverUrl: string, sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/** A new, empty UTF-8 database on the server (dropped first if a previous run left it). */
export async function recreateDatabase(serverUrl: string, name: string): Promise<string> {
  await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
  await adminQuery(serverUrl, `CREATE DATABASE ${ident(name)} TEMPLATE template0 ENCODING 'UTF8'`);
  return withDatabase(serverUrl, name);
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
}

export async function databaseSize(serverUrl: string, name: string): Promise<number> {
  const { rows } = await adminQuery(serverUrl, 'SELECT pg_database_size($1)::bigint AS bytes', [name]);
  return Number(rows[0].bytes);
}

/** The CSV header, which never spans lines in the dump format. */
export function csvHeader(file: string): string[] {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    const line = buf.subarray(0, n).toString('utf8').split(/\r?\n/, 1)[0] ?? '';
    return line.split(',').map((c) => c.replace(/^"|"$/g, '').trim());
  } finally {
    fs.closeSync(fd);
  }
}

function plainTable(table: string, header: string[], key: string): string {
  const columns = header.map((c) => `${ident(c)} ${COLUMN_TYPES[c] ?? 'text'}${c === key ? ' PRIMARY KEY' : ''}`);
  return `CREATE TABLE ${ident(table)} (${columns.join(', ')})`;
}

/** Runs psql with `-c` commands; resolves with the wall-clock seconds of the whole run. */
export function psql(psqlBin: string, url: string, commands: string[]): Promise<number> {
  const args = ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, ...commands.flatMap((c) => ['-c', c])];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(psqlBin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve((performance.now() - started) / 1000);
      else reject(new Error(`psql ${commands.join(' ; ')} failed (exit ${code}): ${stderr.trim()}`));
    });
  });
}

function copyCommand(table: string, header: string[], file: string): string {
  // psql's \copy takes a quoted file name; ours come from temp folders we create.
  if (/['\n]/.test(file)) throw new Error(`cannot pass ${file} to \\copy: it contains a quote or newline`);
  return `\\copy ${ident(table)} (${header.map(ident).join(', ')}) FROM '${file}' WITH (FORMAT csv, HEADER true)`;
}

export interface PredecessorRun {
  pages_copy_s: number;
  chunks_copy_s: number;
  copy_s: number;
  /** NaN when the run loaded without indexes. */
  index_s: number;
  searchable_s: number;
  database_bytes: number;
}

/**
 * Loads the two files into a fresh database `name` the predecessor's way. Table creation is
 * not timed; each \copy is timed as a whole psql run, then the indexes and ANALYZE.
 */
export async function runPredecessor(
  serverUrl: string,
  psqlBin: string,
  name: string,
  files: { pagesFile: string; chunksFile: string },
  options: { indexes: boolean } = { indexes: true },
): Promise<PredecessorRun> {
  const url = await recreateDatabase(serverUrl, name);
  const pagesHeader = csvHeader(files.pagesFile);
  const chunksHeader = csvHeader(files.chunksFile);
  await psql(psqlBin, url, [
    'CREATE EXTENSION IF NOT EXISTS pg_trgm',
    plainTable('wiki_pages', pagesHeader, 'page_id'),
    plainTable('wiki_chunks', chunksHeader, 'chunk_id'),
  ]);
  const pages_copy_s = await psql(psqlBin, url, [copyCommand('wiki_pages', pagesHeader, files.pagesFile)]);
  const chunks_copy_s = await psql(psqlBin, url, [copyCommand('wiki_chunks', chunksHeader, files.chunksFile)]);
  if (!options.indexes) {
    const copy_s = pages_copy_s + chunks_copy_s;
    return {
      pages_copy_s,
      chunks_copy_s,
      copy_s,
      index_s: NaN,
      searchable_s: NaN,
      database_bytes: await databaseSize(serverUrl, name),
    };
  }
  const index_s = await psql(psqlBin, url, [
    "CREATE INDEX wiki_chunks_fts ON wiki_chunks USING gin (to_tsvector('simple', content))",
    'CREATE INDEX wiki_pages_title_trgm ON wiki_pages USING gin (title gin_trgm_ops)',
    'ANALYZE',
  ]);
  const copy_s = pages_copy_s + chunks_copy_s;
  return {
    pages_copy_s,
    chunks_copy_s,
    copy_s,
    index_s,
    searchable_s: copy_s + index_s,
    database_bytes: await databaseSize(serverUrl, name),
  };
}
