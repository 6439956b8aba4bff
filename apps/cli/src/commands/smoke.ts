import type { Command } from 'commander';
import type { CheckItem, CheckReport, TruthCheckResponse, TruthStreamEvent } from '@olala/contract';
import { describeFetchError, loadConfig, readLock, UserError } from '@olala/core';
import { formatReport } from './check.js';

/** Flags that mean the pipeline did not really run, whatever the label says (the predecessor's smoke list, plus ours). */
const BROKEN_FLAGS = [
  'PIPELINE_CRASH',
  'PERSISTENCE_FAILED',
  'LLM_JUDGE_FAILED',
  'LLM_FAILED',
  'QUALITY_GATE_FAILED',
  'STAGE_FAILED',
  'TIMEOUT',
];

const DEFAULT_CLAIM = '화성은 태양계의 4번째 행성이다.';

interface Flags {
  url?: string;
  claim: string;
  timeout: string;
  json?: boolean;
}

async function call(url: string, init: RequestInit & { timeoutMs: number }): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs) });
  return { status: res.status, text: await res.text() };
}

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/**
 * The end-to-end check an operator runs after a deploy: the server answers, search finds
 * something, and a real truth check runs through every stage, is stored and streams.
 */
async function smoke(base: string, claim: string, timeoutMs: number): Promise<CheckItem[]> {
  const items: CheckItem[] = [];
  const step = async (name: string, hint: string, run: () => Promise<string>): Promise<boolean> => {
    try {
      items.push({ name, status: 'ok', detail: await run() });
      return true;
    } catch (err) {
      items.push({
        name,
        status: 'fail',
        detail: err instanceof SmokeFailure ? err.message : describeFetchError(err),
        hint,
      });
      return false;
    }
  };

  const up = await step('health', 'start the server (`npm start`), or pass --url', async () => {
    const res = await call(`${base}/health`, { timeoutMs: 5000 });
    if (res.status !== 200) throw new SmokeFailure(`GET /health answered HTTP ${res.status}`);
    return 'GET /health answers 200';
  });
  if (!up) return items;
  await step('ready', 'run `olala check` for the failing part', async () => {
    const res = await call(`${base}/ready`, { timeoutMs: 10_000 });
    if (res.status !== 200) throw new SmokeFailure(`GET /ready answered HTTP ${res.status}: ${res.text.slice(0, 300)}`);
    return 'GET /ready answers 200';
  });
  await step('wiki search', 'import a wiki: `olala wiki import --pages … --chunks …`', async () => {
    const res = await call(`${base}/api/wiki/search`, { ...json({ question: claim }), timeoutMs: 30_000 });
    if (res.status !== 200)
      throw new SmokeFailure(`POST /api/wiki/search answered HTTP ${res.status}: ${res.text.slice(0, 300)}`);
    const hits = (JSON.parse(res.text) as { hits: { title: string }[] }).hits;
    if (hits.length === 0) throw new SmokeFailure(`no wiki hit for "${claim}": is the wiki empty?`);
    return `${hits.length} hits, first "${hits[0]!.title}"`;
  });

  let result: TruthCheckResponse | undefined;
  await step(
    'truth check',
    'see the server log for the failing stage; `olala check` verifies the LLM endpoint and models',
    async () => {
      const res = await call(`${base}/v1/truth/check`, {
        ...json({ input_payload: claim, no_cache: true }),
        timeoutMs,
      });
      if (res.status !== 200)
        throw new SmokeFailure(`POST /v1/truth/check answered HTTP ${res.status}: ${res.text.slice(0, 300)}`);
      result = JSON.parse(res.text) as TruthCheckResponse;
      const broken = result.risk_flags.filter((f) => BROKEN_FLAGS.includes(f));
      if (!result.analysis_id) throw new SmokeFailure('the answer has no analysis_id');
      if (broken.length > 0)
        throw new SmokeFailure(`${result.label} with ${broken.join(', ')} in ${result.latency_ms} ms`);
      return `${result.label} (${Math.round(result.confidence * 100)} %, ${result.model_info.provider}/${result.model_info.model}) in ${result.latency_ms} ms`;
    },
  );
  if (result) {
    const id = result.analysis_id;
    await step('stored', 'the analyses table is not written: see the server log', async () => {
      const res = await call(`${base}/v1/analyses/${id}`, { timeoutMs: 10_000 });
      if (res.status !== 200) throw new SmokeFailure(`GET /v1/analyses/${id} answered HTTP ${res.status}`);
      return `GET /v1/analyses/${id} answers the stored run`;
    });
  }
  await step('stream', 'a proxy in front of the server may buffer or cut the stream (see docs/deploy.md)', async () => {
    const res = await call(`${base}/api/truth/check/stream`, {
      ...json({ input_payload: claim, no_cache: true }),
      timeoutMs,
    });
    const events = res.text
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as TruthStreamEvent);
    const last = events.at(-1);
    if (res.status !== 200 || last?.event !== 'complete')
      throw new SmokeFailure(
        `the stream ended with ${last ? JSON.stringify(last).slice(0, 200) : `HTTP ${res.status} and no event`}`,
      );
    return `${events.filter((e) => e.event === 'stage_complete').length} stage events, then complete`;
  });
  return items;
}

class SmokeFailure extends Error {}

/** `olala smoke`: a real truth check against a running server; exit 1 if any step fails. */
export function register(program: Command): void {
  program
    .command('smoke')
    .description(
      'end-to-end check of a running server: health, wiki search, a truth check through every stage, storage, streaming',
    )
    .option('--url <url>', 'the server (default: the one holding the embedded database, else http://localhost:PORT)')
    .option('--claim <text>', 'the claim to check', DEFAULT_CLAIM)
    .option('--timeout <seconds>', 'how long the truth check may take', '300')
    .option('--json', 'print the report as JSON')
    .showHelpAfterError()
    .exitOverride()
    .action(async (flags: Flags) => {
      if (flags.url !== undefined && !URL.canParse(flags.url)) throw new UserError(`--url: not a URL: "${flags.url}"`);
      const seconds = Number(flags.timeout);
      if (!Number.isFinite(seconds) || seconds <= 0)
        throw new UserError(`--timeout: expected seconds > 0, got "${flags.timeout}"`);
      const config = loadConfig();
      const base = (
        flags.url ??
        (config.databaseUrl ? undefined : readLock(config.dataDir)?.httpUrl) ??
        `http://localhost:${config.port}`
      ).replace(/\/+$/, '');
      const checks = await smoke(base, flags.claim, seconds * 1000);
      const report: CheckReport = { ok: !checks.some((c) => c.status === 'fail'), checks };
      process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
      if (!report.ok) process.exitCode = 1;
    });
}
