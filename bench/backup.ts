// `npm run bench:backup -- [--json] [--keep]`: how long `olala db backup` and `olala db restore`
// take on a seed-size wiki (1,002,975 chunks) on PostgreSQL: the RTO figure of docs/backup.md.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importWiki, loadConfig, openDb, redactUrl, type Db } from '@olala/core';
import { backupDatabase, restorePostgresBackup } from '@olala/core/db';
import { searchWiki } from '@olala/core/search';
import { convertedCorpus } from './lib/kowiki-corpus.js';
import { adminQuery, databaseSize, dropDatabase, recreateDatabase, withDatabase } from './lib/predecessor.js';
import { cachedScaledCorpus, SEED_CHUNKS, SEED_PAGES } from './lib/scale-corpus.js';
import { benchArgs, CACHE_DIR, printReport, ROOT, runBench, sharedData } from './lib/cli.js';

const SOURCE_DB = 'olala_bench_backup';
const TARGET_DB = 'olala_bench_restore';

const USAGE = `usage: npm run bench:backup -- [options]
  --json            only JSON on stdout (progress goes to stderr)
  --source <dir>    WikiExtractor folder(s) to convert (repeatable; default ../shared/data/kowiki)
  --keep            keep the imported database ${SOURCE_DB} (reused by the next run) and the backup file
  --out-dir <dir>   where the backup file goes (default the system temp folder)
Uses DATABASE_URL (a server where it may create databases) when set, else starts a throwaway PostgreSQL.
A database ${SOURCE_DB} that already holds the seed-size wiki is reused instead of imported again.`;

const MB = 1024 * 1024;
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const seconds = (t0: number) => (performance.now() - t0) / 1000;

function options() {
  const values = benchArgs({
    keep: { type: 'boolean', default: false },
    source: { type: 'string', multiple: true },
    'out-dir': { type: 'string' },
  });
  return {
    json: values.json,
    keep: values.keep,
    sources: values.source ?? [path.join(sharedData(), 'kowiki')],
    outDir: values['out-dir'] ?? os.tmpdir(),
  };
}

let opts: ReturnType<typeof options>;
const log = (msg: string) => process.stderr.write(`[bench:backup] ${msg}\n`);

/** Load average and the machine, so a reader can tell a busy run from a quiet one. */
function machine() {
  return {
    uptime: execFileSync('uptime', { encoding: 'utf8' }).trim(),
    cpus: os.cpus().length,
    total_mem_gb: round(os.totalmem() / 1024 ** 3, 0),
  };
}

async function server(): Promise<{ url: string; started: boolean; stop(): void }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, started: false, stop() {} };
  const { startPostgres } = (await import(path.join(ROOT, 'scripts', 'pg-server.mjs'))) as {
    startPostgres(o?: { settings?: Record<string, string> }): Promise<{ url: string; stop(): void }>;
  };
  const pg = await startPostgres({ settings: { shared_buffers: '1GB', maintenance_work_mem: '1GB' } });
  return { url: pg.url, started: true, stop: pg.stop };
}

async function withDb<T>(url: string, fn: (db: Db) => Promise<T>, migrate = true): Promise<T> {
  const db = await openDb(loadConfig({ DATABASE_URL: url }), { command: 'bench:backup', migrate });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function wikiCounts(db: Db): Promise<{ pages: number; chunks: number }> {
  const { rows } = await db.query<{ pages: number; chunks: number }>(
    'SELECT (SELECT count(*) FROM wiki_pages)::int AS pages, (SELECT count(*) FROM wiki_chunks)::int AS chunks',
  );
  return rows[0] ?? { pages: 0, chunks: 0 };
}

/** The seed-size wiki in SOURCE_DB: reused when a previous run left it, else generated and imported. */
async function sourceDatabase(serverUrl: string): Promise<{ url: string; import_s: number | null }> {
  const { rows } = await adminQuery(serverUrl, 'SELECT 1 FROM pg_database WHERE datname = $1', [SOURCE_DB]);
  const url = withDatabase(serverUrl, SOURCE_DB);
  if (rows.length) {
    const counts = await withDb(url, wikiCounts).catch(() => ({ pages: 0, chunks: 0 }));
    if (counts.chunks === SEED_CHUNKS) {
      log(`reusing ${SOURCE_DB} (${counts.pages} pages, ${counts.chunks} chunks)`);
      return { url, import_s: null };
    }
  }
  const corpus = await convertedCorpus(ROOT, opts.sources, log);
  const target = { pages: SEED_PAGES, chunks: SEED_CHUNKS };
  const seed = await cachedScaledCorpus(
    corpus,
    target,
    path.join(CACHE_DIR, `scaled-${target.pages}-${target.chunks}`),
  );
  await recreateDatabase(serverUrl, SOURCE_DB);
  log(`importing the seed-size wiki (${SEED_PAGES} pages, ${SEED_CHUNKS} chunks) into ${SOURCE_DB} …`);
  const t0 = performance.now();
  await withDb(url, (db) =>
    importWiki(db, { pagesFile: seed.pagesFile, chunksFile: seed.chunksFile, mode: 'replace', progress: 'json' }),
  );
  return { url, import_s: round(seconds(t0)) };
}

async function main() {
  opts = options();
  const srv = await server();
  process.once('SIGINT', () => (srv.stop(), process.exit(130)));
  try {
    const before = machine();
    const source = await sourceDatabase(srv.url);
    const { rows } = await adminQuery(srv.url, 'SELECT version() AS v');
    const file = path.join(opts.outDir, `olala-bench-${process.pid}.olala-backup`);
    fs.rmSync(file, { force: true });

    log('backing up …');
    let t0 = performance.now();
    const header = await withDb(
      source.url,
      (db) => backupDatabase(db, { out: file, databaseUrl: source.url, progress: 'json' }),
      false,
    );
    const backupS = seconds(t0);
    const fileBytes = fs.statSync(file).size;
    const sourceBytes = await databaseSize(srv.url, SOURCE_DB);
    log(`backup: ${round(backupS)} s, ${round(fileBytes / MB)} MB (database ${round(sourceBytes / MB)} MB)`);

    // RTO: an empty database to a searchable one, with the count check the command does.
    const targetUrl = await recreateDatabase(srv.url, TARGET_DB);
    log('restoring into an empty database …');
    t0 = performance.now();
    await withDb(
      targetUrl,
      (db) => restorePostgresBackup(db, { from: file, databaseUrl: targetUrl, progress: 'json' }),
      false,
    );
    const restoreS = seconds(t0);
    t0 = performance.now();
    const search = await withDb(targetUrl, async (db) => ({
      counts: await wikiCounts(db),
      hits: (await searchWiki({ question: '대한민국의 수도는 어디인가', search_mode: 'lexical' }, { reader: db })).hits
        .length,
    }));
    const firstSearchS = seconds(t0);
    log(`restore: ${round(restoreS)} s; first search ${round(firstSearchS, 2)} s (${search.hits} hits)`);

    // The in-place case: --force over a database that holds the same data (one transaction).
    log('restoring again over the data (--force) …');
    t0 = performance.now();
    await withDb(
      targetUrl,
      (db) => restorePostgresBackup(db, { from: file, databaseUrl: targetUrl, force: true, progress: 'json' }),
      false,
    );
    const forceS = seconds(t0);
    log(`forced restore: ${round(forceS)} s`);

    const result = {
      server: { url: redactUrl(srv.url), started_by_bench: srv.started, version: String(rows[0].v) },
      machine_before: before,
      machine_after: machine(),
      wiki: { pages: search.counts.pages, chunks: search.counts.chunks },
      import_s: source.import_s,
      database_mb: round(sourceBytes / MB),
      backup_s: round(backupS),
      backup_file_mb: round(fileBytes / MB),
      backup_tables: Object.keys(header.tables).length,
      restore_into_empty_s: round(restoreS),
      restore_first_search_s: round(firstSearchS, 2),
      restore_force_over_data_s: round(forceS),
      restored_database_mb: round((await databaseSize(srv.url, TARGET_DB)) / MB),
    };
    printReport(result, { json: opts.json, summary: () => `${JSON.stringify(result, null, 2)}\n` });
    await dropDatabase(srv.url, TARGET_DB);
    if (!opts.keep) {
      fs.rmSync(file, { force: true });
      await dropDatabase(srv.url, SOURCE_DB);
    }
  } finally {
    srv.stop();
  }
}

await runBench(main, USAGE);
