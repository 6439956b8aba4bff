import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../db/types.js';
import { UserError } from '../errors.js';
import { RunCancelledError } from '../pipeline/run-context.js';
import { runPipeline } from '../pipeline/run.js';
import { normaliseWhitespace } from '../pipeline/quotes.js';
import type { PipelineDeps, PipelineOutcome } from '../pipeline/types.js';
import { createProgress } from '../progress.js';
import { chunkText, CHUNK_ID_STRIDE } from '../wiki/convert.js';
import { importWiki } from '../wiki/import/index.js';
import { fingerprint, type EvalItem } from './items.js';
import type { EvalResult } from './metrics.js';

/** One line of the state file: an answered item. */
export interface EvalRecord extends EvalResult {
  /** The item's position in the set. */
  i: number;
  id?: string;
  /** Set when the pipeline crashed on this item (counted as UNVERIFIED). */
  error?: string;
}

/** The state file's first line: which set, and which models, its records belong to. */
interface StateHeader {
  olala_eval: 1;
  set: string;
  fingerprint: string;
  models: string;
  wiki: 'set' | 'configured';
}

/** A page or passage the pipeline pointed at: its citations, and the `related` list when the response has one. */
export interface EvidenceRef {
  title?: string;
  url?: string;
  quote?: string;
  chunk_id?: number;
}

/** The roles' models, e.g. `claim=ollama/qwen2.5:3b verify=… judge=…`, or `rules` in no-LLM mode. */
export function describeModels(llm: PipelineDeps['llm']): string {
  const roles = Object.entries(llm).map(([role, c]) => `${role}=${c!.provider}/${c!.model}`);
  return roles.length ? roles.join(' ') : 'rules';
}

/**
 * A throwaway wiki of the set's passages, one page per distinct passage (titled 지문 N, so the
 * title field gives no hint), replacing whatever wiki `db` held. Returns each passage's page id.
 */
export async function buildSetWiki(db: Db, items: readonly EvalItem[], dir: string): Promise<Map<string, number>> {
  const pages = new Map<string, number>();
  for (const item of items)
    if (item.evidence !== undefined && !pages.has(item.evidence)) pages.set(item.evidence, pages.size + 1);
  if (pages.size === 0) throw new UserError('--wiki-from-set: the set carries no passages (no item has "evidence")');
  const pageRows: string[][] = [];
  const chunkRows: (string | number)[][] = [];
  for (const [passage, pageId] of pages) {
    pageRows.push([String(pageId), `지문 ${pageId}`, '']);
    const paragraphs = passage
      .split(/\n+/)
      .map((p) => p.trim())
      .filter(Boolean);
    chunkText(paragraphs).forEach((content, idx) =>
      chunkRows.push([pageId * CHUNK_ID_STRIDE + idx, pageId, idx, content]),
    );
  }
  const pagesFile = path.join(dir, 'eval_pages.csv');
  const chunksFile = path.join(dir, 'eval_chunks.csv');
  fs.writeFileSync(pagesFile, stringify(pageRows, { header: true, columns: ['page_id', 'title', 'url'] }));
  fs.writeFileSync(
    chunksFile,
    stringify(chunkRows, { header: true, columns: ['chunk_id', 'page_id', 'chunk_idx', 'content'] }),
  );
  await importWiki(db, { pagesFile, chunksFile, mode: 'replace', progress: false });
  return pages;
}

function refsOf(outcome: PipelineOutcome): EvidenceRef[] {
  const refs: EvidenceRef[] = [...outcome.citations, ...outcome.counter_evidence];
  // `related` (pages the run read, cited or not) is newer than this code: read it when present.
  const related = (outcome as { related?: unknown }).related;
  if (Array.isArray(related)) for (const r of related) if (r && typeof r === 'object') refs.push(r as EvidenceRef);
  return refs;
}

/**
 * Did the run point at the gold passage? With a set wiki, a reference into the passage's page;
 * otherwise a reference titled as the evidence, or quoting text of it.
 */
export function evidenceHit(
  item: Pick<EvalItem, 'evidence'>,
  refs: readonly EvidenceRef[],
  passagePage?: number,
): boolean | null {
  if (item.evidence === undefined) return null;
  if (passagePage !== undefined)
    return refs.some((r) => typeof r.chunk_id === 'number' && Math.floor(r.chunk_id / CHUNK_ID_STRIDE) === passagePage);
  const passage = normaliseWhitespace(item.evidence);
  return refs.some(
    (r) =>
      r.title?.trim() === item.evidence ||
      (typeof r.quote === 'string' && r.quote.trim() !== '' && passage.includes(normaliseWhitespace(r.quote))),
  );
}

/** Reads the records of an earlier run of the same set and models, and drops a torn last line. */
function readState(file: string, header: StateHeader): EvalRecord[] {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(header)}\n`);
    return [];
  }
  const content = fs.readFileSync(file, 'utf8');
  const complete = content.lastIndexOf('\n') + 1;
  // A run killed mid-write leaves half a line; the item is simply run again.
  if (complete < content.length) fs.truncateSync(file, Buffer.byteLength(content.slice(0, complete)));
  const lines = content.slice(0, complete).split('\n').filter(Boolean);
  let first: Partial<StateHeader> = {};
  try {
    first = JSON.parse(lines[0] ?? '{}') as Partial<StateHeader>;
  } catch {
    // reported below
  }
  if (first.olala_eval !== 1) throw new UserError(`${file}: not an olala eval state file; choose another --out`);
  for (const key of ['fingerprint', 'models', 'wiki'] as const) {
    if (first[key] !== header[key]) {
      throw new UserError(
        `${file} holds results of another run (${key}: ${first[key]} there, ${header[key]} now); choose another --out or delete it`,
      );
    }
  }
  const records = new Map<number, EvalRecord>();
  for (const [n, line] of lines.slice(1).entries()) {
    try {
      const r = JSON.parse(line) as EvalRecord;
      if (Number.isInteger(r.i)) records.set(r.i, r);
    } catch {
      throw new UserError(`${file}:${n + 2}: not JSON; delete the file to start over`);
    }
  }
  return [...records.values()];
}

export interface RunEvalOptions {
  deps: PipelineDeps;
  items: readonly EvalItem[];
  /** A name for the set, kept in the state file. */
  set: string;
  /** The JSONL state file: records are appended as items finish; an existing one is resumed. */
  statePath: string;
  /** Passage → page id of a set wiki (buildSetWiki); absent: the configured wiki. */
  passagePages?: Map<string, number>;
  /** Stop after this many newly run items. */
  maxItems?: number;
  signal?: AbortSignal;
  progress?: boolean | 'json';
}

export interface RunEvalResult {
  /** Every answered item, resumed and new, in set order. */
  records: EvalRecord[];
  resumed: number;
  computed: number;
  /** Items of the set not answered yet (stopped, or --max-items). */
  remaining: number;
  stopped: boolean;
  models: string;
}

/** Runs every item not yet in the state file through the pipeline, one at a time, appending each record as it finishes. */
export async function runEval(opts: RunEvalOptions): Promise<RunEvalResult> {
  const { deps, items } = opts;
  const models = describeModels(deps.llm);
  const header: StateHeader = {
    olala_eval: 1,
    set: opts.set,
    fingerprint: fingerprint(items),
    models,
    wiki: opts.passagePages ? 'set' : 'configured',
  };
  const earlier = readState(opts.statePath, header).filter((r) => r.i >= 0 && r.i < items.length);
  const done = new Set(earlier.map((r) => r.i));
  const records = [...earlier];
  // The bar counts this run's items, so its rate and ETA are not flattered by resumed ones.
  const pending = Math.min(items.length - done.size, opts.maxItems ?? Infinity);
  const progress = createProgress({
    label: 'eval',
    total: pending,
    unit: 'rows',
    json: opts.progress === 'json',
    silent: opts.progress === false,
  });
  let computed = 0;
  let stopped = false;
  try {
    for (const [i, item] of items.entries()) {
      if (done.has(i)) continue;
      // On the embedded database a whole run can settle in microtasks; without this turn of the
      // event loop, Ctrl-C, timers and the progress bar would wait for the end of the set.
      await new Promise((resolve) => setImmediate(resolve));
      if (opts.signal?.aborted) {
        stopped = true;
        break;
      }
      if (opts.maxItems !== undefined && computed >= opts.maxItems) break;
      const started = performance.now();
      let record: EvalRecord;
      try {
        const outcome = await runPipeline(
          deps,
          { input_type: 'text', input_payload: item.claim },
          { signal: opts.signal },
        );
        const page = item.evidence !== undefined ? opts.passagePages?.get(item.evidence) : undefined;
        record = {
          i,
          gold: item.gold,
          label: outcome.label,
          confidence: outcome.confidence,
          ms: 0,
          evidence_hit: evidenceHit(item, refsOf(outcome), page),
        };
      } catch (err) {
        if (err instanceof RunCancelledError || opts.signal?.aborted) {
          stopped = true;
          break;
        }
        record = {
          i,
          gold: item.gold,
          label: 'UNVERIFIED',
          confidence: 0,
          ms: 0,
          evidence_hit: item.evidence === undefined ? null : false,
          error: (err as Error).message.slice(0, 300),
        };
      }
      record.ms = Math.round((performance.now() - started) * 10) / 10;
      if (item.id !== undefined) record.id = item.id;
      fs.appendFileSync(opts.statePath, `${JSON.stringify(record)}\n`);
      records.push(record);
      done.add(i);
      computed++;
      progress.update(computed);
    }
  } finally {
    progress.finish();
  }
  records.sort((a, b) => a.i - b.i);
  return { records, resumed: earlier.length, computed, remaining: items.length - done.size, stopped, models };
}
