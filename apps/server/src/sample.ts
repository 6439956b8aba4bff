import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyBaseLogger } from 'fastify';
import { importWiki, observeProgress, type Db, type ProgressSnapshot } from '@olala/core';
import {
  describeIndexProgress,
  koreanDuration,
  LEXICAL_INDEX_LABEL,
  publishIndexProgress,
  readIndexProgress,
} from '@olala/core/wiki';

export const SAMPLE_DIR = fileURLToPath(new URL('../../../sample/wiki/', import.meta.url));

export type InfoLog = Pick<FastifyBaseLogger, 'info'>;

/** A long phase reports again this often; short imports (the sample) show their first and last lines. */
const REPORT_EVERY_MS = 10_000;
const MB = 1024 * 1024;

/**
 * First start on an empty database: load the bundled sample so search has something to find.
 * The log says beforehand how long the index build will take at this machine's recorded rate
 * (or at the rate of its first batch), then rows/s and time left while it runs. `dataDir` is where
 * the build's progress record goes for `olala wiki status` (the configured data folder).
 */
export async function importSampleIfEmpty(db: Db, log: InfoLog, dir = SAMPLE_DIR, dataDir?: string): Promise<void> {
  const { rows } = await db.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM wiki_pages) AS any');
  if (rows[0]?.any) return;
  const pagesFile = path.join(dir, 'wiki_pages.csv');
  const chunksFile = path.join(dir, 'wiki_chunks.csv');
  if (!fs.existsSync(pagesFile) || !fs.existsSync(chunksFile)) {
    log.info(
      `the wiki is empty and there is no bundled sample in ${dir}; skipping (load a dump with \`olala wiki import\`)`,
    );
    return;
  }
  const chunks = estimateRows(chunksFile);
  const previous = dataDir ? readIndexProgress(dataDir) : undefined;
  const recordedRate = previous?.state === 'complete' ? previous.rate_chunks_s : undefined;
  log.info({ pagesFile, chunksFile, chunks }, importPlan(chunks, fs.statSync(chunksFile).size, recordedRate));

  const report = startupReporter(log);
  const published = dataDir ? publishIndexProgress(dataDir, report) : undefined;
  const stop = published ? () => published.close() : observeProgress(report);
  let result;
  try {
    result = await importWiki(db, { pagesFile, chunksFile, mode: 'replace', progress: false });
  } finally {
    stop();
  }
  log.info(
    { wiki_pages: result.wikiPages, wiki_chunks: result.wikiChunks, ms: Math.round(result.durationMs) },
    `imported the sample wiki: ${result.wikiPages} pages, ${result.wikiChunks} chunks`,
  );
}

/** Data records of a CSV file, counted when it is small and extrapolated from its first MiB otherwise. */
export function estimateRows(file: string): number {
  const size = fs.statSync(file).size;
  const head = Buffer.alloc(Math.min(size, MB));
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  // Newlines inside quotes (multi-line chunks) are not record ends; a doubled quote toggles twice.
  let records = 0;
  let quoted = false;
  for (const byte of head) {
    if (byte === 0x22) quoted = !quoted;
    else if (byte === 0x0a && !quoted) records++;
  }
  if (head.length > 0 && head[head.length - 1] !== 0x0a) records++;
  const total = head.length < size ? Math.round((records * size) / head.length) : records;
  return Math.max(total - 1, 0);
}

const count = (n: number) => n.toLocaleString('en-US');

/** The line before the import: what is imported and, when this machine has built an index before, how long it takes. */
export function importPlan(chunks: number, bytes: number, recordedRate?: number): string {
  const what = `위키가 비어 있어 번들 샘플을 가져옵니다: 약 ${count(chunks)} 조각 (${(bytes / MB).toFixed(1)} MB).`;
  const when = recordedRate
    ? ` 이 컴퓨터에서 기록된 색인 속도(${count(recordedRate)} 조각/s)로 색인에 약 ${koreanDuration(chunks / recordedRate)} 걸립니다.`
    : ' 색인 속도를 첫 묶음에서 재어 걸릴 시간을 알려 드립니다.';
  return `${what}${when} (OLALA_IMPORT_SAMPLE=0이면 건너뜁니다)`;
}

/**
 * The start-up log line of one progress report, or nothing: the first report of a phase (for the
 * index, the rate measured on its first batch and the time it will take), then one every
 * REPORT_EVERY_MS, and the end of the index build.
 */
export function startupProgressLine(s: ProgressSnapshot, first: boolean, sinceLast: number): string | undefined {
  const due = first || sinceLast >= REPORT_EVERY_MS;
  if (s.label === LEXICAL_INDEX_LABEL) {
    const total = s.total ?? s.done;
    if (s.event === 'done')
      return `색인 완료: ${count(total)} 조각, ${count(Math.round(s.rate))} 조각/s, ${koreanDuration(s.elapsed_s)} 걸림`;
    if (first && s.eta_s !== undefined) {
      return `색인 속도 ${count(Math.round(s.rate))} 조각/s (첫 묶음에서 잼): ${count(total)} 조각에 약 ${koreanDuration(total / Math.max(s.rate, 1e-9))} 걸립니다`;
    }
    return due ? describeIndexProgress(s.done, total, s.rate, s.eta_s) : undefined;
  }
  if (s.label === 'chunks' && s.unit === 'bytes' && s.event === 'progress' && due) {
    const pct = s.total ? ` (${((s.done / s.total) * 100).toFixed(1)}%)` : '';
    const eta = s.eta_s !== undefined ? `, 약 ${koreanDuration(s.eta_s)} 남음` : '';
    return `위키 불러오는 중: ${(s.done / MB).toFixed(1)} / ${((s.total ?? s.done) / MB).toFixed(1)} MB${pct}, ${(s.rate / MB).toFixed(1)} MB/s${eta}`;
  }
  return undefined;
}

function startupReporter(log: InfoLog): (snapshot: ProgressSnapshot) => void {
  const last = new Map<string, number>();
  return (snapshot) => {
    const now = Date.now();
    const previous = last.get(snapshot.label);
    const line = startupProgressLine(snapshot, previous === undefined, previous === undefined ? 0 : now - previous);
    if (previous === undefined || line) last.set(snapshot.label, now);
    if (line) log.info(line);
  };
}
