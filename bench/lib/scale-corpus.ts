import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { convertedCorpus } from './kowiki-corpus.js';

/**
 * Multiplies a real two-CSV wiki corpus up to a target size, for timing at the seed's scale
 * (1,599,603 pages, 1,002,975 chunks). Copy k of a page gets page_id + k·PAGE_ID_STRIDE and
 * the title suffix " #k"; its chunks keep their text and get ids shifted the same way. Every
 * pass re-reads the source files, so memory stays flat whatever the target.
 */

export const SEED_PAGES = 1_599_603;
export const SEED_CHUNKS = 1_002_975;

// Above any real Korean Wikipedia curid (about 3.3M), so copies never collide with originals.
const PAGE_ID_STRIDE = 10_000_000;
// The converter's chunk ids go up to page_id·100,000 (about 3.3e11); copies stay below 2^53.
const CHUNK_ID_STRIDE = 1_000_000_000_000;

export interface ScaleTarget {
  pages: number;
  chunks: number;
}

export interface ScaledCorpus extends ScaleTarget {
  pagesFile: string;
  chunksFile: string;
  bytes: number;
}

async function* records(file: string): AsyncGenerator<{ header: string[]; row: string[] }> {
  let header: string[] | undefined;
  for await (const row of fs.createReadStream(file).pipe(parse({ relax_column_count: true })) as AsyncIterable<
    string[]
  >) {
    if (!header) header = row;
    else yield { header, row };
  }
}

function column(header: string[], name: string, file: string): number {
  const i = header.indexOf(name);
  if (i < 0) throw new Error(`${file}: header has no "${name}" column (header: ${header.join(',')})`);
  return i;
}

/** Writes `count` rows, cycling over the source file with copy number k = 0, 1, 2 …. */
async function writeScaled(
  source: string,
  target: string,
  count: number,
  rewrite: (row: string[], header: string[], copy: number) => string[] | undefined,
): Promise<number> {
  let written = 0;
  let headerWritten = false;
  async function* rows(): AsyncGenerator<string[]> {
    for (let copy = 0; written < count; copy++) {
      let any = false;
      for await (const rec of records(source)) {
        if (!headerWritten) {
          headerWritten = true;
          yield rec.header;
        }
        any = true;
        const out = rewrite(rec.row, rec.header, copy);
        if (!out) continue;
        yield out;
        if (++written >= count) return;
      }
      if (!any) throw new Error(`${source} has no rows to multiply`);
    }
  }
  await pipeline(rows(), stringify(), fs.createWriteStream(target));
  return written;
}

/**
 * Builds `target.pages` pages and `target.chunks` chunks from `source` into `outDir`. Chunks
 * are only ever taken from copies whose pages are all written, so every chunk has its page.
 */
export async function generateScaledCorpus(
  source: { pagesFile: string; chunksFile: string },
  target: ScaleTarget,
  outDir: string,
): Promise<ScaledCorpus> {
  fs.mkdirSync(outDir, { recursive: true });
  const pagesFile = path.join(outDir, 'wiki_pages.csv');
  const chunksFile = path.join(outDir, 'wiki_chunks.csv');

  let sourcePages = 0;
  for await (const _ of records(source.pagesFile)) sourcePages++;
  const completePageCopies = Math.floor(target.pages / sourcePages);

  await writeScaled(source.pagesFile, pagesFile, target.pages, (row, header, copy) => {
    const id = column(header, 'page_id', source.pagesFile);
    const title = column(header, 'title', source.pagesFile);
    const out = [...row];
    out[id] = String(Number(row[id]) + copy * PAGE_ID_STRIDE);
    if (copy > 0) out[title] = `${row[title]} #${copy}`;
    return out;
  });

  await writeScaled(source.chunksFile, chunksFile, target.chunks, (row, header, copy) => {
    if (copy >= completePageCopies) {
      throw new Error(`cannot reach ${target.chunks} chunks with ${target.pages} pages: raise the page target`);
    }
    const id = column(header, 'chunk_id', source.chunksFile);
    const page = column(header, 'page_id', source.chunksFile);
    const out = [...row];
    out[id] = String(Number(row[id]) + copy * CHUNK_ID_STRIDE);
    out[page] = String(Number(row[page]) + copy * PAGE_ID_STRIDE);
    return out;
  });

  const bytes = fs.statSync(pagesFile).size + fs.statSync(chunksFile).size;
  return { pagesFile, chunksFile, pages: target.pages, chunks: target.chunks, bytes };
}

/** Same as generateScaledCorpus, but reuses a finished earlier run in the same folder. */
export async function cachedScaledCorpus(
  source: { pagesFile: string; chunksFile: string },
  target: ScaleTarget,
  outDir: string,
): Promise<ScaledCorpus & { cached: boolean }> {
  const stamp = path.join(outDir, 'done.json');
  const sourceKey = [source.pagesFile, source.chunksFile]
    .map((f) => `${f}:${fs.statSync(f).size}:${fs.statSync(f).mtimeMs}`)
    .join('|');
  try {
    const done = JSON.parse(fs.readFileSync(stamp, 'utf8')) as ScaledCorpus & { sourceKey: string };
    if (done.sourceKey === sourceKey && fs.existsSync(done.pagesFile) && fs.existsSync(done.chunksFile)) {
      return { ...done, cached: true };
    }
  } catch {}
  fs.rmSync(outDir, { recursive: true, force: true });
  const corpus = await generateScaledCorpus(source, target, outDir);
  fs.writeFileSync(stamp, JSON.stringify({ ...corpus, sourceKey }));
  return { ...corpus, cached: false };
}

/**
 * The shared kowiki extract (converted once, `kowiki-corpus.ts`) repeated up to `chunks` chunks
 * of real text, cached under `.tmp/bench/scale-<chunks>`: whole copies of every page (page ids
 * shifted, titles suffixed " #k") as long as chunks are needed, so each chunk has its page.
 * Fails with a UserError naming the folder when ../shared/data/kowiki is absent.
 */
export async function corpusOfChunks(
  root: string,
  chunks: number,
  log: (msg: string) => void,
  sources?: string[],
): Promise<ScaledCorpus & { cached: boolean }> {
  if (!Number.isInteger(chunks) || chunks < 1) throw new Error(`chunks: expected a positive integer, got ${chunks}`);
  const source = await convertedCorpus(root, sources ?? [path.resolve(root, '..', 'shared', 'data', 'kowiki')], log);
  const pages = Math.ceil(chunks / source.chunks) * source.pages;
  log(
    `corpus: ${chunks} chunks, ${pages} pages (kowiki ${source.chunks} chunks × ${(chunks / source.chunks).toFixed(2)}) …`,
  );
  return cachedScaledCorpus(source, { pages, chunks }, path.join(root, '.tmp', 'bench', `scale-${chunks}`));
}

/**
 * An --append file pair changing `share` of the corpus's chunks (every 1/share-th chunk, its
 * text with a revision note added), cached beside the corpus. The pages file is empty: the
 * chunks keep their pages.
 */
export async function appendOfChunks(
  corpus: ScaledCorpus,
  share: number,
): Promise<{ pagesFile: string; chunksFile: string; chunks: number }> {
  const dir = path.dirname(corpus.chunksFile);
  const pagesFile = path.join(dir, `append-${share}-pages.csv`);
  const chunksFile = path.join(dir, `append-${share}-chunks.csv`);
  const every = Math.max(1, Math.round(1 / share));
  let n = 0;
  let i = 0;
  async function* rows(): AsyncGenerator<string[]> {
    for await (const rec of records(corpus.chunksFile)) {
      if (i === 0) yield rec.header;
      if (i++ % every !== 0) continue;
      const out = [...rec.row];
      const content = column(rec.header, 'content', corpus.chunksFile);
      out[content] = `${out[content]} (개정판 ${n++}: 내용이 보완되었다)`;
      yield out;
    }
  }
  await pipeline(rows(), stringify(), fs.createWriteStream(chunksFile));
  fs.writeFileSync(pagesFile, 'page_id,title,url\n');
  return { pagesFile, chunksFile, chunks: n };
}
