// `npm run bench:chat -- [--json]`: N WebSocket clients on loopback in one chat room, some of
// them sending at a fixed total rate; measures how long a message takes from `message.create`
// to each client's `message.created` (p50/p95/p99), the sender's ack time, and deliveries per
// second, on one `olala serve` process and across two sharing one PostgreSQL. Bounded: the
// client count, the rate and the duration are flags with upper limits, and every server it
// starts (a throwaway PostgreSQL, the `olala serve` children) is stopped at the end.
import { loadConfig, openDb } from '@olala/core';
import { benchArgs, integerFlag, machine, percentile, printReport, round, runBench, UsageError } from './lib/cli.js';
import { ChatClient } from './lib/chat-client.js';
import { createRoom, createUsers } from './lib/chat-fixtures.js';
import { freshDatabase, postgresServer } from './lib/chat-database.js';
import { spawnServer, type ServerProcess } from './lib/chat-server.js';

const USAGE = `usage: npm run bench:chat -- [options]
  --clients <n>      WebSocket clients in the room (default 500, at most 2000)
  --rate <n>         messages per second, all senders together (default 50, at most 500)
  --duration <s>     seconds of sending per scenario (default 10, at most 120)
  --senders <n>      how many of the clients send (default: enough to stay under the per-user rate limit)
  --processes <list> scenarios: server processes sharing the database (default 1,2)
  --json             print the results as JSON on stdout
Needs PostgreSQL: uses DATABASE_URL's server when set, else starts a throwaway one (scripts/pg-server.mjs).`;

const TARGET = { clients: 500, rate: 50, p95_ms: 100 };
/** The server allows 10 messages per user in 10 s; senders stay at half of that. */
const PER_SENDER_RATE = 0.5;
const JOIN_BATCH = 50;
/** After the last send, how long stragglers may take before they count as lost. */
const DRAIN_MS = 5000;

function options() {
  const values = benchArgs({
    clients: { type: 'string', default: '500' },
    rate: { type: 'string', default: '50' },
    duration: { type: 'string', default: '10' },
    senders: { type: 'string' },
    processes: { type: 'string', default: '1,2' },
  });
  const clients = integerFlag('clients', values.clients, 2, 2000);
  const rate = integerFlag('rate', values.rate, 1, 500);
  const senders =
    values.senders === undefined
      ? Math.min(clients, Math.ceil(rate / PER_SENDER_RATE))
      : integerFlag('senders', values.senders, 1, clients);
  if (rate / senders > 1)
    throw new UsageError(
      `--senders: ${senders} senders at ${rate} messages/s exceed the server's limit of 1 message/s per user`,
    );
  const processes = values.processes.split(',').map((p) => integerFlag('processes', p.trim(), 1, 2));
  return {
    clients,
    rate,
    senders,
    duration: integerFlag('duration', values.duration, 1, 120),
    processes,
    json: values.json,
  };
}

type Options = ReturnType<typeof options>;
const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

export interface ScenarioResult {
  processes: number;
  clients: number;
  senders: number;
  target_rate: number;
  duration_s: number;
  sent: number;
  acked: number;
  /** Messages per second actually sent. */
  messages_per_s: number;
  expected_deliveries: number;
  deliveries: number;
  lost: number;
  duplicates: number;
  deliveries_per_s: number;
  latency_ms: { p50: number; p95: number; p99: number; max: number };
  ack_ms: { p50: number; p95: number };
  errors: number;
  join_s: number;
}

async function scenario(opts: Options, serverUrl: string, processes: number): Promise<ScenarioResult> {
  const database = await freshDatabase(serverUrl, `olala_bench_chat_${processes}`);
  const servers: ServerProcess[] = [];
  const clients: ChatClient[] = [];
  try {
    log(`${processes} process(es): starting olala serve …`);
    // The first one migrates; the others start on the migrated database.
    servers.push(await spawnServer({ DATABASE_URL: database.url }));
    for (let i = 1; i < processes; i++) servers.push(await spawnServer({ DATABASE_URL: database.url }));

    const db = await openDb(loadConfig({ DATABASE_URL: database.url }), { command: 'bench chat', migrate: false });
    let issueId: string;
    let users: Awaited<ReturnType<typeof createUsers>>;
    try {
      issueId = await createRoom(db);
      users = await createUsers(db, opts.clients);
    } finally {
      await db.close();
    }

    log(`${processes} process(es): ${opts.clients} clients joining …`);
    const joinStart = performance.now();
    for (let i = 0; i < users.length; i += JOIN_BATCH) {
      const batch = users.slice(i, i + JOIN_BATCH);
      const joined = await Promise.all(
        batch.map((u, j) => ChatClient.join(servers[(i + j) % servers.length]!.url, issueId, u.token)),
      );
      clients.push(...joined.map((j) => j.client));
    }
    const joinSeconds = (performance.now() - joinStart) / 1000;

    const sendAt = new Map<string, number>();
    const latencies: number[] = [];
    const ackTimes: number[] = [];
    const seen = new Set<string>();
    let duplicates = 0;
    let errors = 0;
    clients.forEach((client, index) => {
      // Every frame is measured as it arrives; none needs keeping (hundreds of clients × every message).
      client.keep = () => false;
      client.onFrame = (frame, at) => {
        if (frame.type === 'message.created') {
          const sent = sendAt.get(frame.clientId);
          if (sent === undefined) return;
          const key = `${index}:${frame.clientId}`;
          if (seen.has(key)) duplicates++;
          else {
            seen.add(key);
            latencies.push(at - sent);
          }
        } else if (frame.type === 'message.ack') {
          const sent = sendAt.get(frame.clientId);
          if (sent !== undefined) ackTimes.push(at - sent);
        } else if (frame.type === 'error') errors++;
      };
    });
    // Let the presence updates of the joins settle before measuring.
    await new Promise((r) => setTimeout(r, 1000));

    log(
      `${processes} process(es): sending ${opts.rate} messages/s for ${opts.duration} s from ${opts.senders} senders …`,
    );
    const total = opts.rate * opts.duration;
    const interval = 1000 / opts.rate;
    const start = performance.now();
    for (let n = 0; n < total; n++) {
      const due = start + n * interval;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const sender = clients[n % opts.senders]!;
      const clientId = `bench-${n}`;
      sendAt.set(clientId, performance.now());
      sender.send({
        type: 'message.create',
        content: `벤치마크 메시지 ${n}: 오늘 발표된 정책은 사실일까요?`,
        clientId,
      });
    }
    const sendSeconds = (performance.now() - start) / 1000;
    const expected = total * clients.length;
    const drainUntil = performance.now() + DRAIN_MS;
    while (latencies.length < expected && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 50));

    const sorted = Float64Array.from(latencies).sort();
    const acks = Float64Array.from(ackTimes).sort();
    return {
      processes,
      clients: clients.length,
      senders: opts.senders,
      target_rate: opts.rate,
      duration_s: round(sendSeconds, 2),
      sent: total,
      acked: ackTimes.length,
      messages_per_s: round(total / sendSeconds, 1),
      expected_deliveries: expected,
      deliveries: latencies.length,
      lost: expected - latencies.length,
      duplicates,
      deliveries_per_s: round(latencies.length / sendSeconds, 0),
      latency_ms: {
        p50: round(percentile(sorted, 50)),
        p95: round(percentile(sorted, 95)),
        p99: round(percentile(sorted, 99)),
        max: round(sorted[sorted.length - 1] ?? NaN),
      },
      ack_ms: { p50: round(percentile(acks, 50)), p95: round(percentile(acks, 95)) },
      errors,
      join_s: round(joinSeconds, 2),
    };
  } finally {
    for (const c of clients) c.terminate();
    await Promise.all(servers.map((s) => s.stop()));
    await database.drop().catch(() => {});
  }
}

async function main(): Promise<void> {
  const opts = options();
  const server = await postgresServer(log);
  const stopServer = () => server.stop();
  process.once('SIGINT', () => {
    stopServer();
    process.exit(130);
  });
  const results: ScenarioResult[] = [];
  try {
    for (const processes of opts.processes) results.push(await scenario(opts, server.url, processes));
  } finally {
    stopServer();
  }
  const host = machine();
  const onOne = results.find((r) => r.processes === 1);
  const target = {
    ...TARGET,
    met: onOne
      ? onOne.clients >= TARGET.clients &&
        onOne.messages_per_s >= TARGET.rate * 0.95 &&
        onOne.latency_ms.p95 <= TARGET.p95_ms &&
        onOne.lost === 0
      : null,
  };
  printReport(
    { machine: host, target, results },
    { json: opts.json, summary: () => summary(opts, host, target.met, results) },
  );
}

function summary(
  opts: Options,
  host: ReturnType<typeof machine>,
  met: boolean | null,
  results: ScenarioResult[],
): string {
  const lines = [
    `chat bench: ${opts.clients} clients, ${opts.rate} messages/s for ${opts.duration} s, ${opts.senders} senders (load avg ${host.loadavg.join(' ')}, ${host.cpus} CPUs)`,
    'procs  msg/s  deliveries/s  p50 ms  p95 ms  p99 ms  max ms  ack p95  lost  dup  errors',
    ...results.map((r) =>
      [
        String(r.processes).padStart(5),
        String(r.messages_per_s).padStart(6),
        String(r.deliveries_per_s).padStart(13),
        String(r.latency_ms.p50).padStart(7),
        String(r.latency_ms.p95).padStart(7),
        String(r.latency_ms.p99).padStart(7),
        String(r.latency_ms.max).padStart(7),
        String(r.ack_ms.p95).padStart(8),
        String(r.lost).padStart(5),
        String(r.duplicates).padStart(4),
        String(r.errors).padStart(7),
      ].join(' '),
    ),
    met === null
      ? ''
      : `target (500 clients, p95 ≤ 100 ms at 50 messages/s on one process): ${met ? 'met' : 'NOT met'}`,
  ];
  return `${lines.join('\n')}\n`;
}

await runBench(main, USAGE);
