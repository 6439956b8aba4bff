// `npm run bench:chat-flood -- [--json]`: one `olala serve` process, one chat room, and clients
// that flood `reaction.toggle` frames (1 socket × 1,000 frames, then 5 sockets × 400) while a
// probe asks `GET /v1/issues/today` one request after another. Reports the probe's p50/p95/max
// before and during each flood, how long the server took to work through the frames, how many
// were refused, and how many `reaction.updated` frames one onlooker received. Target: p95 during
// a flood < 50 ms. Each scenario gets a fresh database and server (PGlite in a temporary folder,
// or a database on DATABASE_URL's server / a throwaway PostgreSQL), all removed at the end.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, openDb } from '@olala/core';
import { benchArgs, machine, percentile, printReport, round, runBench, UsageError } from './lib/cli.js';
import { ChatClient } from './lib/chat-client.js';
import { freshDatabase, postgresServer } from './lib/chat-database.js';
import { createRoom, createUsers } from './lib/chat-fixtures.js';
import { spawnServer } from './lib/chat-server.js';

const USAGE = `usage: npm run bench:chat-flood -- [options]
  --backends <list>  pglite, postgres or both (default pglite,postgres)
  --json             print the results as JSON on stdout
PostgreSQL: DATABASE_URL's server when set, else a throwaway one (scripts/pg-server.mjs).`;

const FLOODS = [
  { sockets: 1, frames: 1000 },
  { sockets: 5, frames: 400 },
] as const;
const TARGET_P95_MS = 50;
/** Probe requests before the flood (the quiet figure). */
const QUIET_PROBES = 50;
/** The server allows 600 requests a minute per address: the probe stays well under it. */
const PROBE_GAP_MS = 20;
const MAX_PROBES = 450;
/** How long the server may take to answer every flooder's closing ping. */
const FLOOD_TIMEOUT_MS = 180_000;

type Backend = 'pglite' | 'postgres';

function options() {
  const values = benchArgs({ backends: { type: 'string', default: 'pglite,postgres' } });
  const backends = values.backends.split(',').map((b) => b.trim());
  for (const b of backends)
    if (b !== 'pglite' && b !== 'postgres') throw new UsageError(`--backends: unknown back end "${b}"`);
  return { backends: backends as Backend[], json: values.json };
}

const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface ProbeFigures {
  requests: number;
  failed: number;
  p50_ms: number;
  p95_ms: number;
  max_ms: number;
}

function figures(samples: number[], failed: number): ProbeFigures {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    requests: samples.length + failed,
    failed,
    p50_ms: round(percentile(sorted, 50)),
    p95_ms: round(percentile(sorted, 95)),
    max_ms: round(sorted[sorted.length - 1] ?? NaN),
  };
}

/** Sequential `GET /v1/issues/today` until `until` settles (or `count` requests when given). */
async function probe(baseUrl: string, opts: { count?: number; until?: Promise<unknown> }): Promise<ProbeFigures> {
  let done = false;
  void opts.until?.finally(() => (done = true));
  const samples: number[] = [];
  let failed = 0;
  while (!done && samples.length + failed < (opts.count ?? MAX_PROBES)) {
    const started = performance.now();
    const res = await fetch(`${baseUrl}/v1/issues/today`);
    await res.arrayBuffer();
    if (res.status === 200) samples.push(performance.now() - started);
    else failed++;
    await sleep(PROBE_GAP_MS);
  }
  return figures(samples, failed);
}

export interface FloodResult {
  backend: Backend;
  sockets: number;
  frames_per_socket: number;
  quiet: ProbeFigures;
  during: ProbeFigures;
  /** From the first frame sent to the last flooder's pong (every frame handled). */
  flood_s: number;
  refused: number;
  /** `reaction.updated` frames one onlooker received for the flooded message. */
  updates_seen: number;
  final_count: number | null;
}

async function scenario(
  backend: Backend,
  pgUrl: string | undefined,
  flood: (typeof FLOODS)[number],
): Promise<FloodResult> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'olala-bench-flood-'));
  const database =
    backend === 'postgres' ? await freshDatabase(pgUrl!, `olala_bench_flood_${flood.sockets}`) : undefined;
  const env: Record<string, string> = { OLALA_DATA_DIR: tmp, DATABASE_URL: database?.url ?? '', DATABASE_READ_URL: '' };
  const clients: ChatClient[] = [];
  try {
    // Fixtures first: PGlite belongs to one process, so they are written before the server starts.
    const db = await openDb(loadConfig(env), { command: 'bench fixtures' });
    const issueId = await createRoom(db);
    const users = await createUsers(db, flood.sockets + 1);
    await db.close();

    log(`${backend}, ${flood.sockets} × ${flood.frames}: starting olala serve …`);
    const server = await spawnServer(env);
    try {
      const onlooker = (await ChatClient.join(server.url, issueId, users[0]!.token)).client;
      clients.push(onlooker);
      onlooker.send({ type: 'message.create', content: '반응을 받을 메시지', clientId: 'target' });
      const { serverId } = await onlooker.nextOf('message.ack');
      // The report counts the onlooker's updates of that message and the flooders' refusals.
      onlooker.keep = (f) => f.type === 'reaction.updated' && f.messageId === serverId;
      const flooders: ChatClient[] = [];
      for (const user of users.slice(1)) {
        const c = (await ChatClient.join(server.url, issueId, user.token)).client;
        c.keep = (f) => f.type === 'error' || f.type === 'pong';
        clients.push(c);
        flooders.push(c);
      }

      const quiet = await probe(server.url, { count: QUIET_PROBES });
      const started = performance.now();
      for (const c of flooders)
        for (let i = 0; i < flood.frames; i++) c.send({ type: 'reaction.toggle', messageId: serverId });
      // Frames of one socket are handled in order: its pong means all its toggles were.
      for (const c of flooders) c.send({ type: 'ping' });
      const handled = Promise.all(flooders.map((c) => c.nextOf('pong', () => true, FLOOD_TIMEOUT_MS))).then(
        () => performance.now() - started,
      );
      const [during, floodMs] = await Promise.all([probe(server.url, { until: handled }), handled]);
      // Let the last coalesced update arrive before counting.
      await sleep(1000);
      const updates = onlooker.received('reaction.updated').filter((f) => f.messageId === serverId);
      return {
        backend,
        sockets: flood.sockets,
        frames_per_socket: flood.frames,
        quiet,
        during,
        flood_s: round(floodMs / 1000, 2),
        refused: flooders.reduce((n, c) => n + c.received('error').filter((f) => f.code === 'RATE_LIMITED').length, 0),
        updates_seen: updates.length,
        final_count: updates.at(-1)?.count ?? null,
      };
    } finally {
      for (const c of clients) c.terminate();
      await server.stop();
    }
  } finally {
    await database?.drop().catch(() => {});
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const opts = options();
  const pgServer = opts.backends.includes('postgres') ? await postgresServer(log) : undefined;
  process.once('SIGINT', () => {
    pgServer?.stop();
    process.exit(130);
  });
  const results: FloodResult[] = [];
  try {
    for (const backend of opts.backends)
      for (const flood of FLOODS) results.push(await scenario(backend, pgServer?.url, flood));
  } finally {
    pgServer?.stop();
  }
  const host = machine();
  const met = results.every((r) => r.during.p95_ms < TARGET_P95_MS);
  printReport(
    { machine: host, target: { p95_ms_below: TARGET_P95_MS, met }, results },
    { json: opts.json, summary: () => summary(host, results, met) },
  );
}

function summary(host: ReturnType<typeof machine>, results: FloodResult[], met: boolean): string {
  const lines = [
    `chat reaction flood vs GET /v1/issues/today (load avg ${host.loadavg.join(' ')}, ${host.cpus} CPUs)`,
    'backend   flood      quiet p95  during p50  during p95  during max  probes  flood s  refused  updates  final',
    ...results.map((r) =>
      [
        r.backend.padEnd(9),
        `${r.sockets}×${r.frames_per_socket}`.padEnd(9),
        String(r.quiet.p95_ms).padStart(10),
        String(r.during.p50_ms).padStart(11),
        String(r.during.p95_ms).padStart(11),
        String(r.during.max_ms).padStart(11),
        String(r.during.requests).padStart(7),
        String(r.flood_s).padStart(8),
        String(r.refused).padStart(8),
        String(r.updates_seen).padStart(8),
        String(r.final_count).padStart(6),
      ].join(' '),
    ),
    `target (p95 during a flood < ${TARGET_P95_MS} ms): ${met ? 'met' : 'NOT met'}`,
  ];
  return `${lines.join('\n')}\n`;
}

await runBench(main, USAGE);
