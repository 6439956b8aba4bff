/**
 * What every benchmark's main does the same way: flags (with --json and --help), the shared
 * data check, the machine line, and writing/printing the report. One place, so a bad flag, a
 * missing data set and `--json` behave alike in every `npm run bench:*`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadConfig, type Config } from '@olala/core';
import { sharedDataDir } from '@olala/testing/shared-data';

/** The checkout's root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Where benchmarks keep their caches and last reports (git-ignored). */
export const CACHE_DIR = path.join(ROOT, '.tmp', 'bench');

/** A bad flag or value: the bench prints it with its usage and exits 2. */
export class UsageError extends Error {}

/** --help: runBench prints the usage on stdout and exits 0. */
class HelpRequested extends Error {}

/** A data set the benchmark reads is absent: one line naming it and how to point elsewhere, exit 1. */
export class MissingDataError extends Error {}

/** Runs a benchmark's main: --help prints the usage, usage errors exit 2 with it, anything else exits 1. */
export async function runBench(main: () => Promise<void> | void, usage: string): Promise<void> {
  try {
    await main();
  } catch (err) {
    if (err instanceof HelpRequested) {
      process.stdout.write(`${usage}\n`);
      return;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`error: ${err.message}\n${usage}\n`);
      process.exit(2);
    }
    process.stderr.write(`error: ${(err as Error).message}\n`);
    process.exit(1);
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;
const COMMON = {
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/**
 * The command line's flags, strictly: `options` plus `--json` and `--help` (every bench has
 * both). An unknown flag or a missing value is a UsageError; --help ends main through runBench.
 */
export function benchArgs<const O extends Options>(options: O) {
  type Config = { options: O & typeof COMMON; strict: true; allowPositionals: false };
  let values;
  try {
    ({ values } = parseArgs<Config>({ options: { ...options, ...COMMON }, strict: true, allowPositionals: false }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if ((values as { help?: boolean }).help) throw new HelpRequested();
  return values;
}

/** A whole number flag within [min, max]; otherwise a UsageError naming the flag and what it takes. */
export function integerFlag(flag: string, raw: string | undefined, min: number, max = Infinity): number {
  const n = Number(raw);
  if (raw === undefined || raw.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(
      `--${flag}: expected an integer ${max === Infinity ? `≥ ${min}` : `from ${min} to ${max}`}, got "${raw}"`,
    );
  }
  return n;
}

/**
 * The shared data folder (../shared/data beside the checkout, or OLALA_SHARED_DATA) after
 * checking that every `needed` path in it exists, so a bench without the data stops at once
 * with the paths it wanted instead of failing later in a loader.
 */
export function sharedData(...needed: string[]): string {
  const dir = sharedDataDir();
  const missing = needed.map((n) => path.join(dir, n)).filter((p) => !fs.existsSync(p));
  if (missing.length > 0) {
    throw new MissingDataError(
      `evaluation data not found: ${missing.join(', ')} (the shared data directory; set OLALA_SHARED_DATA to point elsewhere)`,
    );
  }
  return dir;
}

/**
 * A throwaway folder (`olala-bench-<name>-…` under the system's temp dir) for a run's embedded
 * database: `remove()` deletes it, and so do Ctrl-C and SIGTERM, so a bench cut short leaves
 * no database behind.
 */
export function scratchDir(name: string): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `olala-bench-${name}-`));
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  process.once('SIGINT', () => (remove(), process.exit(130)));
  process.once('SIGTERM', () => (remove(), process.exit(143)));
  return { dir, remove };
}

/**
 * The configuration of a run on embedded PGlite in `dir`: the usual env vars (the LLMs among
 * them), but never a server database or replica a developer's shell may name, and no logs.
 */
export function embeddedConfig(dir: string): Config {
  return loadConfig({
    ...process.env,
    LOG_LEVEL: 'silent',
    OLALA_DATA_DIR: dir,
    DATABASE_URL: '',
    DATABASE_READ_URL: '',
  });
}

export const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** The machine a figure was measured on, so a reader can tell a busy run from a quiet one. */
export function machine(): { cpus: number; loadavg: number[]; node: string } {
  return { cpus: os.cpus().length, loadavg: os.loadavg().map((l) => round(l, 2)), node: process.version };
}

/**
 * Keeps the report in `.tmp/bench/<file>` (when a file is named) and prints it: as JSON with
 * --json (nothing else on stdout; progress goes to stderr), else the human summary.
 */
export function printReport(report: object, options: { json: boolean; file?: string; summary: () => string }): void {
  const text = `${JSON.stringify(report, null, 2)}\n`;
  if (options.file) {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    fs.writeFileSync(path.join(CACHE_DIR, options.file), text);
  }
  process.stdout.write(options.json ? text : options.summary());
}

/** Nearest-rank percentile of ascending values: the same definition in every benchmark. NaN when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
