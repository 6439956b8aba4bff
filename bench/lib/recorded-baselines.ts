import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from './cli.js';

/**
 * The predecessor's figures of the last `bench:retrieval -- --baselines run`, so that other runs
 * reuse them (`--baselines recorded`): its OR search costs about a second per question on PGlite,
 * which made a full run take over an hour while our own methods need minutes. Committed beside
 * the benchmark (bench/retrieval-baselines.json), one entry per back end, since latency differs.
 */

export const RECORDED_BASELINES_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'retrieval-baselines.json',
);

export type BaselineMode = 'recorded' | 'run';
export type Backend = 'pglite' | 'postgres';

/** What the benchmark measured for one predecessor method (the fields of its report object). */
export interface RecordedMethod {
  method: string;
  description: string;
  korquad_r1: number;
  korquad_r10: number;
  korquad_all_r1: number | null;
  korquad_all_r10: number | null;
  miracl_ndcg10: number;
  miracl_r10: number;
  miracl_r100: number | null;
  p50_ms: number;
  p95_ms: number;
  mean_ms: number | null;
  index_s: number | null;
  /** ISO time of the run the figures come from. */
  recorded_at: string;
  /** How the figures were obtained, when not by `--baselines run`. */
  recorded_note?: string;
  [field: string]: unknown;
}

export interface RecordedRun {
  corpus: { pages: number; chunks: number };
  methods: RecordedMethod[];
}

export type RecordedBaselines = Partial<Record<Backend, RecordedRun>>;

const NUMBERS = ['korquad_r1', 'korquad_r10', 'miracl_ndcg10', 'miracl_r10', 'p50_ms', 'p95_ms'] as const;
const NULLABLE = ['korquad_all_r1', 'korquad_all_r10', 'miracl_r100', 'mean_ms', 'index_s'] as const;

/** The recorded file, checked field by field; undefined when there is none. A malformed file is an error naming the field. */
export function readRecordedBaselines(file = RECORDED_BASELINES_FILE): RecordedBaselines | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const bad = (where: string, what: string): never => {
    throw new Error(`${file}: ${where}: ${what}`);
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return bad('not JSON', (err as Error).message);
  }
  if (!isObject(data)) return bad('top level', 'expected an object of back ends');
  const out: RecordedBaselines = {};
  for (const [backend, run] of Object.entries(data)) {
    if (backend !== 'pglite' && backend !== 'postgres') bad(backend, 'expected "pglite" or "postgres"');
    if (!isObject(run)) return bad(backend, 'expected an object');
    const corpus = run.corpus;
    if (!isObject(corpus) || !isCount(corpus.pages) || !isCount(corpus.chunks))
      bad(`${backend}.corpus`, 'expected { pages, chunks } counts');
    if (!Array.isArray(run.methods) || run.methods.length === 0)
      return bad(`${backend}.methods`, 'expected a non-empty array');
    run.methods.forEach((m: unknown, i: number) => {
      const at = `${backend}.methods[${i}]`;
      if (!isObject(m)) return bad(at, 'expected an object');
      if (typeof m.method !== 'string' || typeof m.description !== 'string')
        bad(at, 'expected method and description strings');
      if (typeof m.recorded_at !== 'string' || Number.isNaN(Date.parse(m.recorded_at)))
        bad(`${at}.recorded_at`, 'expected an ISO date');
      if (m.recorded_note !== undefined && typeof m.recorded_note !== 'string')
        bad(`${at}.recorded_note`, 'expected a string');
      for (const k of NUMBERS)
        if (typeof m[k] !== 'number' || !Number.isFinite(m[k])) bad(`${at}.${k}`, 'expected a number');
      for (const k of NULLABLE)
        if (m[k] !== null && (typeof m[k] !== 'number' || !Number.isFinite(m[k])))
          bad(`${at}.${k}`, 'expected a number or null');
    });
    out[backend as Backend] = run as unknown as RecordedRun;
  }
  return out;
}

/**
 * `--baselines`: `run` measures the predecessor again; `recorded` reuses the file's figures for
 * this back end and corpus. Without the flag, recorded whenever such figures exist. A run that
 * asks for more than the record holds (`--predecessor-all`) or a smoke run (`--max-questions`,
 * whose question sets the record does not match) cannot use it.
 */
/** The `--baselines` value, checked before any work starts. */
export function parseBaselinesFlag(flag: string | undefined): BaselineMode | undefined {
  if (flag === undefined || flag === 'recorded' || flag === 'run') return flag;
  throw new UsageError(`--baselines: expected "recorded" or "run", got "${flag}"`);
}

export function baselineMode(
  flag: BaselineMode | undefined,
  o: {
    recorded: RecordedBaselines | undefined;
    backend: Backend;
    corpus: { pages: number; chunks: number };
    predecessorAll: boolean;
    maxQuestions: number;
  },
): { mode: BaselineMode; why: string } {
  if (flag === 'run') return { mode: 'run', why: '--baselines run' };
  const run = o.recorded?.[o.backend];
  const unusable = !run
    ? `no ${o.backend} figures in ${path.basename(RECORDED_BASELINES_FILE)}`
    : run.corpus.pages !== o.corpus.pages || run.corpus.chunks !== o.corpus.chunks
      ? `recorded on another corpus (${run.corpus.pages} pages, ${run.corpus.chunks} chunks)`
      : o.predecessorAll
        ? '--predecessor-all asks for a fresh run on every question'
        : o.maxQuestions > 0
          ? '--max-questions runs other question sets than the record'
          : undefined;
  if (flag === 'recorded') {
    if (unusable) throw new UsageError(`--baselines recorded: ${unusable}; use --baselines run`);
    return { mode: 'recorded', why: '--baselines recorded' };
  }
  return unusable
    ? { mode: 'run', why: unusable }
    : {
        mode: 'recorded',
        why: `${o.backend} figures of ${run!.methods.map((m) => `${m.method} ${dateOf(m.recorded_at)}`).join(', ')}`,
      };
}

/** The recorded methods as report objects, each saying where its figures come from. */
export function recordedReports(
  recorded: RecordedBaselines,
  backend: Backend,
  methods: readonly string[],
): (RecordedMethod & { source: string })[] {
  const run = recorded[backend];
  if (!run) return [];
  return run.methods
    .filter((m) => methods.includes(m.method))
    .map((m) => ({
      ...m,
      source: `recorded ${dateOf(m.recorded_at)} (bench/${path.basename(RECORDED_BASELINES_FILE)}${m.recorded_note ? `; ${m.recorded_note}` : ''})`,
    }));
}

/**
 * The file after a `--baselines run`: this back end's entry replaced by what was just measured
 * (methods the run skipped, e.g. with --no-and, kept from the earlier record of the same corpus).
 */
export function withRun(
  recorded: RecordedBaselines | undefined,
  backend: Backend,
  run: RecordedRun,
): RecordedBaselines {
  const before = recorded?.[backend];
  const sameCorpus = before && before.corpus.pages === run.corpus.pages && before.corpus.chunks === run.corpus.chunks;
  const measured = new Set(run.methods.map((m) => m.method));
  const kept = sameCorpus ? before.methods.filter((m) => !measured.has(m.method)) : [];
  return { ...recorded, [backend]: { corpus: run.corpus, methods: [...run.methods, ...kept] } };
}

export function writeRecordedBaselines(data: RecordedBaselines, file = RECORDED_BASELINES_FILE): void {
  fs.writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
}

function dateOf(iso: string): string {
  return iso.slice(0, 10);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): boolean {
  return Number.isInteger(v) && (v as number) > 0;
}
