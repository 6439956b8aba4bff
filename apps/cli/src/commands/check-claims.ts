import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import cliProgress from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import {
  BATCH_LIMITS,
  hasControlChars,
  TRUTH_LIMITS,
  type BatchClaim,
  type BatchLine,
  type ErrorResponse,
  type TruthCheckResponse,
} from '@olala/contract';
import { loadConfig, UserError } from '@olala/core';
import { RunCancelledError } from '@olala/core/analyses';
import { createTruthService } from '@olala/core/truth';
import { withDb } from '../lib/db.js';
import { stopOnSignals } from '../lib/interrupt.js';

/** A line of the input: `{id, claim}` or `{id, url}` (the batch API's item). */
type Item = BatchClaim & { line: number };

/** The results file's line: as the batch API answers a claim. */
type ResultLine = { id: string; result: TruthCheckResponse };

const MAX_CONCURRENCY = 16;

/**
 * Every item of the input, or every problem with it as `FILE:LINE: what is wrong`. Blank lines
 * are skipped; ids must be unique in the file, since they key the resume.
 */
export function readItems(file: string): { items: Item[]; problems: string[] } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(`${file}: cannot read: ${(err as Error).message}`);
  }
  const items: Item[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const [i, raw] of text.split('\n').entries()) {
    const line = i + 1;
    const where = `${file}:${line}`;
    if (raw.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      problems.push(`${where}: not JSON (${(err as Error).message})`);
      continue;
    }
    const problem = itemProblem(value);
    if (problem) {
      problems.push(`${where}: ${problem}`);
      continue;
    }
    const item = value as BatchClaim;
    const first = seen.get(item.id);
    if (first !== undefined) {
      problems.push(`${where}: id "${item.id}" repeats line ${first}`);
      continue;
    }
    seen.set(item.id, line);
    items.push({ ...item, line });
  }
  return { items, problems };
}

/** What the batch API's schema would refuse, said for the operator. */
function itemProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'expected an object {"id", "claim"} or {"id", "url"}';
  const o = value as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !['id', 'claim', 'url'].includes(k));
  if (unknown.length)
    return `unknown field ${unknown.map((k) => `"${k}"`).join(', ')} (expected "id" and one of "claim", "url")`;
  if (typeof o.id !== 'string' || o.id.length < BATCH_LIMITS.id.min || o.id.length > BATCH_LIMITS.id.max)
    return `"id" must be a string of ${BATCH_LIMITS.id.min} to ${BATCH_LIMITS.id.max} characters`;
  if (hasControlChars(o.id)) return '"id" must not hold control characters (tabs and line breaks included)';
  if ((o.claim === undefined) === (o.url === undefined)) return 'give exactly one of "claim" and "url"';
  if (o.claim !== undefined) {
    if (typeof o.claim !== 'string' || o.claim.trim() === '' || o.claim.length > TRUTH_LIMITS.input_payload.max)
      return `"claim" must be a non-empty string of at most ${TRUTH_LIMITS.input_payload.max} characters`;
  } else if (
    typeof o.url !== 'string' ||
    o.url.length > BATCH_LIMITS.url.max ||
    !/^https?:\/\//i.test(o.url) ||
    !URL.canParse(o.url)
  ) {
    return `"url" must be an http(s) URL of at most ${BATCH_LIMITS.url.max} characters`;
  }
  return undefined;
}

/**
 * The ids already answered in `file`. A last line without its line break was cut by a kill
 * mid-write: it is truncated away (its claim is checked again), so resumes never read half a line.
 */
export function readDone(file: string): Set<string> {
  if (!fs.existsSync(file)) return new Set();
  const content = fs.readFileSync(file);
  const end = content.lastIndexOf(0x0a) + 1;
  if (end < content.length) fs.truncateSync(file, end);
  const done = new Set<string>();
  for (const [i, line] of content.subarray(0, end).toString('utf8').split('\n').entries()) {
    if (line === '') continue;
    let id: unknown;
    try {
      id = (JSON.parse(line) as Partial<ResultLine>).id;
    } catch {
      throw new UserError(
        `${file}:${i + 1}: not JSON, so this is not a results file of olala check-claims; choose another --out`,
      );
    }
    if (typeof id !== 'string') throw new UserError(`${file}:${i + 1}: a line without "id"; choose another --out`);
    done.add(id);
  }
  return done;
}

/** Appends one whole line and waits until it is on disk: a kill loses at most the line being written. */
function resultWriter(file: string) {
  const fd = fs.openSync(file, 'a');
  return {
    write(line: ResultLine) {
      fs.writeSync(fd, `${JSON.stringify(line)}\n`);
      fs.fsyncSync(fd);
    },
    close: () => fs.closeSync(fd),
  };
}

/** A bar with claims/s and ETA on a terminal; elsewhere one JSON line about once a second. */
function claimProgress(total: number, json: boolean) {
  const started = Date.now();
  const rate = (done: number) => done / Math.max((Date.now() - started) / 1000, 1e-3);
  if (json || !process.stderr.isTTY) {
    let last = 0;
    const line = (event: string, done: number, failed: number) => {
      const r = rate(done + failed);
      const eta = r > 0 ? Math.round(((total - done - failed) / r) * 10) / 10 : undefined;
      process.stderr.write(
        `${JSON.stringify({ event, label: 'check-claims', done, failed, total, rate_claims_s: Math.round(r * 100) / 100, ...(event === 'progress' && eta !== undefined ? { eta_s: eta } : {}) })}\n`,
      );
    };
    return {
      update(done: number, failed: number) {
        if (Date.now() - last < 1000) return;
        last = Date.now();
        line('progress', done, failed);
      },
      finish: (done: number, failed: number) => line('done', done, failed),
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: 'claims [{bar}] {value}/{total} | {rate} claims/s | {failed} failed | ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: 20,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { rate: '0.0', failed: 0 });
  return {
    update: (done: number, failed: number) =>
      bar.update(done + failed, { rate: rate(done + failed).toFixed(1), failed }),
    finish: (done: number, failed: number) => {
      bar.update(done + failed, { rate: rate(done + failed).toFixed(1), failed });
      bar.stop();
    },
  };
}

interface RunHooks {
  signal: AbortSignal;
  /** A claim answered: written at once. */
  onResult(line: ResultLine): void;
  /** A claim that got no answer this run (it stays out of the results file, so the next run retries it). */
  onFailure(id: string, error: ErrorResponse): void;
}

/**
 * The same truth service as `POST /v1/truth/batch` (the server's, minus metrics and OCR), on the
 * configured database: the claims go through `checkMany` a batch's worth (100) at a time, each
 * written as it finishes. `concurrency` bounds the claims at once; unset, the service chooses
 * (all of a batch without an LLM, so their searches and stored runs are shared; 4 with one).
 */
async function runEmbedded(items: Item[], concurrency: number | undefined, hooks: RunHooks): Promise<void> {
  const config = loadConfig();
  await withDb('check-claims', async (db) => {
    const truth = createTruthService(config, db);
    for (let at = 0; at < items.length && !hooks.signal.aborted; at += BATCH_LIMITS.claims.max) {
      // On the embedded database a run can settle in microtasks: let signals and the bar through.
      await new Promise((resolve) => setImmediate(resolve));
      const batch = items.slice(at, at + BATCH_LIMITS.claims.max);
      await truth.checkMany(
        batch.map((item) =>
          item.url !== undefined
            ? { input_type: 'url' as const, input_payload: item.url }
            : { input_type: 'text' as const, input_payload: item.claim! },
        ),
        {
          signal: hooks.signal,
          ...(concurrency !== undefined ? { concurrency } : {}),
          onResult: (i, outcome) => {
            const id = batch[i]!.id;
            if ('result' in outcome) return hooks.onResult({ id, result: outcome.result });
            if (outcome.error instanceof RunCancelledError || hooks.signal.aborted) return;
            hooks.onFailure(id, { code: 'INTERNAL_ERROR', message: (outcome.error as Error).message });
          },
        },
      );
    }
  });
}

const retryAfterMs = (res: Response) => Math.min(Math.max(Number(res.headers.get('retry-after')) || 10, 1), 300) * 1000;

/**
 * Sends the claims to `POST /v1/truth/batch` in batches of up to 100 and writes each answer as
 * its line arrives. Claims the key's budget did not cover (a 429, or RATE_LIMITED lines) are
 * sent again after the server's Retry-After.
 */
async function runServer(items: Item[], server: string, key: string | undefined, hooks: RunHooks): Promise<void> {
  const url = new URL('/v1/truth/batch', server);
  const queue = [...items];
  while (queue.length > 0 && !hooks.signal.aborted) {
    const batch = queue.splice(0, BATCH_LIMITS.claims.max);
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: JSON.stringify({ claims: batch.map(({ line: _line, ...claim }) => claim) }),
        signal: hooks.signal,
      });
    } catch (err) {
      if (hooks.signal.aborted) return;
      throw new UserError(
        `${url.origin}: not reachable (${(err as Error).message}); answers so far are kept, run again to resume`,
      );
    }
    if (res.status === 429) {
      queue.unshift(...batch);
      await sleep(retryAfterMs(res), undefined, { signal: hooks.signal }).catch(() => undefined);
      continue;
    }
    if (res.status !== 200) {
      const body = (await res.json().catch(() => undefined)) as Partial<ErrorResponse> | undefined;
      throw new UserError(`${url.href} answered HTTP ${res.status}${body?.message ? `: ${body.message}` : ''}`);
    }
    const limited: Item[] = [];
    const unanswered = new Map(batch.map((item) => [item.id, item]));
    let buffered = '';
    const take = (text: string) => {
      if (text.trim() === '') return;
      const line = JSON.parse(text) as BatchLine;
      const item = unanswered.get(line.id);
      if (!item) return;
      unanswered.delete(line.id);
      if ('result' in line) hooks.onResult(line);
      else if (line.error.code === 'RATE_LIMITED' || line.error.code === 'BUSY') limited.push(item);
      else hooks.onFailure(line.id, line.error);
    };
    try {
      for await (const chunk of res.body!.pipeThrough(new TextDecoderStream())) {
        buffered += chunk;
        for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
          take(buffered.slice(0, nl));
          buffered = buffered.slice(nl + 1);
        }
      }
      take(buffered);
    } catch (err) {
      if (hooks.signal.aborted) return;
      throw new UserError(
        `${url.origin}: the answer broke off (${(err as Error).message}); answers so far are kept, run again to resume`,
      );
    }
    // A claim the stream never answered (the server stopped) is tried again by the next run.
    for (const id of unanswered.keys())
      hooks.onFailure(id, { code: 'NO_ANSWER', message: 'the server ended the batch without answering this claim' });
    if (limited.length > 0) {
      queue.unshift(...limited);
      await sleep(retryAfterMs(res), undefined, { signal: hooks.signal }).catch(() => undefined);
    }
  }
}

function concurrencyFlag(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_CONCURRENCY)
    throw new InvalidArgumentError(`expected an integer from 1 to ${MAX_CONCURRENCY}`);
  return Number(value);
}

interface Flags {
  out: string;
  server?: string;
  key?: string;
  concurrency?: number;
  skipInvalid?: boolean;
  json?: boolean;
}

/** `olala check-claims`: many claims from a JSONL file, results appended to another; resumable. */
export function register(program: Command): void {
  program
    .command('check-claims')
    .description(
      'check every claim of a JSONL file ({"id","claim"} or {"id","url"} per line) and append {"id","result"} lines to --out; run again to resume',
    )
    .argument('<file>', 'JSONL input, one {"id": "…", "claim": "…"} or {"id": "…", "url": "https://…"} per line')
    .requiredOption(
      '--out <results>',
      'JSONL results: appended one line per claim as it finishes; ids already there are skipped',
    )
    .option(
      '--server <url>',
      'check through a running server (POST /v1/truth/batch) instead of the configured database',
    )
    .option('--key <key>', 'API key for --server (default: OLALA_API_KEY); without one the anonymous budget applies')
    .option(
      '--concurrency <n>',
      `claims checked at once on the database (1 to ${MAX_CONCURRENCY}; default: as a server does, all of a batch of 100 without an LLM, 4 with one)`,
      concurrencyFlag,
    )
    .option(
      '--skip-invalid',
      'report invalid input lines and check the others (default: report them and check nothing)',
    )
    .option('--json', 'progress and the summary as JSON lines')
    .showHelpAfterError()
    .exitOverride()
    .action(async (file: string, flags: Flags) => {
      if (flags.server !== undefined && !/^https?:\/\//i.test(flags.server))
        throw new UserError(`--server: expected an http(s) URL, got "${flags.server}"`);
      if (flags.key !== undefined && flags.server === undefined)
        throw new UserError('--key is for --server; on the database no key is needed');
      const key = flags.key ?? process.env.OLALA_API_KEY;
      const { items, problems } = readItems(file);
      for (const p of problems) process.stderr.write(`${p}\n`);
      if (problems.length > 0 && !flags.skipInvalid) {
        throw new UserError(
          `${problems.length} invalid line${problems.length === 1 ? '' : 's'} in ${file}; nothing was checked (fix them, or pass --skip-invalid to check the others)`,
        );
      }
      const done = readDone(flags.out);
      const pending = items.filter((item) => !done.has(item.id));
      const skipped = items.length - pending.length;

      const signal = stopOnSignals(
        'stopping: the claims in flight are dropped; run again with the same --out to resume…',
      );
      const writer = resultWriter(flags.out);
      const progress = claimProgress(pending.length, Boolean(flags.json));
      const labels: Record<string, number> = {};
      const failures: { id: string; error: ErrorResponse }[] = [];
      let checked = 0;
      const hooks: RunHooks = {
        signal,
        onResult(line) {
          writer.write(line);
          checked++;
          labels[line.result.label] = (labels[line.result.label] ?? 0) + 1;
          progress.update(checked, failures.length);
        },
        onFailure(id, error) {
          failures.push({ id, error });
          progress.update(checked, failures.length);
        },
      };
      try {
        if (flags.server !== undefined) await runServer(pending, flags.server, key, hooks);
        else await runEmbedded(pending, flags.concurrency, hooks);
      } finally {
        progress.finish(checked, failures.length);
        writer.close();
        signal.release();
      }
      for (const f of failures) process.stderr.write(`${f.id}: not checked: ${f.error.code}: ${f.error.message}\n`);
      const summary = {
        checked,
        skipped,
        failed: failures.length,
        invalid: problems.length,
        remaining: pending.length - checked,
        labels,
        out: flags.out,
        stopped: signal.aborted,
      };
      process.stdout.write(
        flags.json
          ? `${JSON.stringify(summary)}\n`
          : `checked ${checked} claims (${
              Object.entries(labels)
                .map(([l, n]) => `${l} ${n}`)
                .join(', ') || 'none'
            }); ${skipped} already in ${flags.out}; ${failures.length} failed${problems.length ? `; ${problems.length} invalid lines skipped` : ''}\n`,
      );
      if (signal.aborted) process.exit(130);
      if (failures.length > 0)
        throw new UserError(
          `${failures.length} claim${failures.length === 1 ? '' : 's'} not checked; run again with the same --out to retry them`,
          1,
        );
    });
}
