// Runs one import of ours in its own process, so that its peak RSS is ours alone.
// Usage: node --import tsx bench/lib/import-child.ts <pages.csv> <chunks.csv> [--no-index]
// The database comes from DATABASE_URL or OLALA_DATA_DIR, as for the app. Prints a JSON line
// after the import and one after the lexical index.
import { loadConfig, openDb } from '@olala/core';
import { reindexLexical } from '@olala/core/search';
import { importWiki } from '@olala/core/wiki';

const [pagesFile, chunksFile, flag] = process.argv.slice(2);
const buildIndex = flag !== '--no-index';
if (!pagesFile || !chunksFile) {
  process.stderr.write('usage: import-child.ts <pages.csv> <chunks.csv> [--no-index]\n');
  process.exit(2);
}

const rssBytes = () => process.resourceUsage().maxRSS * 1024;
const db = await openDb(loadConfig(), { command: 'bench import', migrate: true });
try {
  const started = performance.now();
  const result = await importWiki(db, { pagesFile, chunksFile, mode: 'replace', progress: 'json' });
  const import_s = (performance.now() - started) / 1000;
  const import_max_rss_bytes = rssBytes();
  // Printed now so that a run killed during the index build still reports its import.
  process.stdout.write(`${JSON.stringify({ stage: 'import', result, import_s, import_max_rss_bytes })}\n`);

  // Chunk search needs the lexical index. When the import does not build it itself, it is
  // built here, so that "until searchable" compares like with like against the predecessor's GIN.
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM wiki_postings');
  let lexical_index_s = 0;
  let lexical = undefined;
  let error: string | undefined;
  if (buildIndex && (rows[0]?.n ?? 0) === 0 && result.wikiChunks > 0) {
    const t = performance.now();
    try {
      lexical = await reindexLexical(db, { progress: 'json' });
    } catch (err) {
      // Reported, not fatal: the import figures stand on their own.
      error = (err as Error).message;
    }
    lexical_index_s = (performance.now() - t) / 1000;
  }
  process.stdout.write(
    `${JSON.stringify({ stage: 'index', lexical, lexical_index_s, error, max_rss_bytes: rssBytes() })}\n`,
  );
} finally {
  await db.close();
}
