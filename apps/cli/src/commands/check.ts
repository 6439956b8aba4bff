import type { Command } from 'commander';
import type { CheckItem, CheckReport, DbReadiness, ReadyResponse } from '@olala/contract';
import {
  DataDirLockedError,
  describeFetchError,
  loadConfig,
  openDb,
  readLock,
  redactUrl,
  UserError,
  type Config,
} from '@olala/core';
import { openReadDb, replicaReadiness, dbReadiness, runnablePending } from '@olala/core/db';
import { ollamaHealth } from '@olala/core/llm';

const ok = (name: string, detail: string): CheckItem => ({ name, status: 'ok', detail });
const fail = (name: string, detail: string, hint: string): CheckItem => ({ name, status: 'fail', detail, hint });
const warn = (name: string, detail: string, hint: string): CheckItem => ({ name, status: 'warn', detail, hint });

async function getJson(url: string, timeoutMs: number): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return { status: res.status, body: await res.json().catch(() => undefined) };
}

/**
 * Opens the database read-only (no migrations), or, when a running server holds the embedded
 * one, reads the same details from the server's /ready.
 */
async function databaseChecks(config: Config): Promise<{ items: CheckItem[]; serverUrl?: string }> {
  const where = config.databaseUrl
    ? `PostgreSQL at ${redactUrl(config.databaseUrl)}`
    : `embedded PGlite in ${config.dataDir}`;
  let readiness: DbReadiness;
  let via = '';
  let serverUrl: string | undefined;
  try {
    const db = await openDb(config, { command: 'olala check', migrate: false });
    try {
      readiness = await dbReadiness(db);
    } finally {
      await db.close();
    }
  } catch (err) {
    if (err instanceof DataDirLockedError && err.holder.httpUrl) {
      serverUrl = err.holder.httpUrl;
      try {
        const res = await getJson(`${serverUrl}/ready`, 10_000);
        readiness = (res.body as ReadyResponse).db;
        via = ` (held by the server at ${serverUrl}; details from its /ready)`;
      } catch (e) {
        return {
          serverUrl,
          items: [
            fail(
              'database',
              `${where} is held by the server at ${serverUrl}, which does not answer: ${describeFetchError(e)}`,
              'restart the server (`npm start`)',
            ),
          ],
        };
      }
    } else if (err instanceof DataDirLockedError) {
      return {
        items: [
          fail(
            'database',
            `${where} is in use by process ${err.holder.pid} (${err.holder.command})`,
            'wait for that command to finish, or stop it, and check again',
          ),
        ],
      };
    } else {
      const hint = config.databaseUrl
        ? 'start PostgreSQL (deploy: `docker compose -f deploy/docker-compose.yml up -d db`), or fix DATABASE_URL, or unset it to use the embedded database'
        : `check that ${config.dataDir} is writable and not damaged (OLALA_DATA_DIR)`;
      return { items: [fail('database', `cannot connect to ${where}: ${(err as Error).message}`, hint)] };
    }
  }
  if (!readiness.reachable)
    return {
      serverUrl,
      items: [
        fail(
          'database',
          `${where} does not answer queries: ${readiness.error ?? 'unknown error'}${via}`,
          'see the server log, and restart the database',
        ),
      ],
    };

  const items = [ok('database', `${where} reachable${via}`)];
  const pending = runnablePending(readiness);
  const newer = readiness.migrations.newer ?? [];
  if (newer.length) {
    items.push(
      fail(
        'migrations',
        `the database has migrations this release does not know (${newer.join(', ')}): it was migrated by a newer OLaLA, and this release's server would refuse to start on it`,
        'finish the upgrade: run the newer release everywhere (docs/upgrades.md); never run an older release against this database',
      ),
    );
  } else if (pending.length) {
    items.push(
      fail(
        'migrations',
        `pending: ${pending.map((p) => `${p.version}-${p.name}`).join(', ')}`,
        'run `olala db migrate` (the server also migrates when it starts)',
      ),
    );
  } else {
    items.push(ok('migrations', `current (applied: ${readiness.migrations.applied.join(', ') || 'none'})`));
  }
  items.push(
    readiness.extensions.includes('pg_trgm')
      ? ok('extension pg_trgm', 'installed')
      : fail(
          'extension pg_trgm',
          'not installed: lexical search on titles needs it',
          'install the PostgreSQL contrib package (Debian: postgresql-contrib), then `olala db migrate`',
        ),
  );
  items.push(
    readiness.extensions.includes('vector')
      ? ok('extension vector', 'installed: embeddings and vector search are available')
      : warn(
          'extension vector',
          'not installed (optional): embeddings and vector search are off, lexical search works',
          'to enable them use the pgvector/pgvector image (deploy/docker-compose.yml) or install postgresql-<version>-pgvector, then `olala db migrate`',
        ),
  );
  items.push(
    readiness.encoding_warnings.length
      ? fail(
          'encoding',
          readiness.encoding_warnings.join('; '),
          'recreate the database with ENCODING UTF8 on a cluster initialised with --locale=C.UTF-8, then re-import',
        )
      : ok('encoding', 'UTF-8 (encoding and ctype)'),
  );
  return { items, serverUrl };
}

/** The read replica (DATABASE_READ_URL), asked directly: is it there, a standby, and as migrated as the primary? */
async function replicaChecks(config: Config): Promise<CheckItem[]> {
  if (!config.databaseReadUrl) return [];
  const where = `PostgreSQL at ${redactUrl(config.databaseReadUrl)}`;
  let primary;
  try {
    primary = await openDb(config, { command: 'olala check', migrate: false });
  } catch {
    return [
      warn(
        'read replica',
        `${where} not checked: the primary is unreachable`,
        'fix the database first, then check again',
      ),
    ];
  }
  const readDb = openReadDb(primary, config, { command: 'olala check' });
  try {
    const r = (await replicaReadiness(readDb))!;
    if (!r.reachable) {
      return [
        fail(
          'read replica',
          `cannot reach ${where}: ${r.error ?? 'unknown error'} (the server reads the wiki from the primary meanwhile)`,
          'start the replica (deploy: `docker compose … up -d db-replica`, see docs/scaling.md), or fix DATABASE_READ_URL, or unset it',
        ),
      ];
    }
    const items: CheckItem[] = [];
    const age = r.replay_age_seconds !== undefined ? `, last replayed change ${r.replay_age_seconds} s ago` : '';
    items.push(
      r.standby
        ? ok('read replica', `${where} reachable: a streaming-replication standby${age}`)
        : warn(
            'read replica',
            `${where} reachable, but not a standby (pg_is_in_recovery() is false): it does not follow the primary, so wiki imports will not reach its searches`,
            'point DATABASE_READ_URL at a standby of DATABASE_URL (docs/scaling.md)',
          ),
    );
    if (r.missing_migrations.length) {
      items.push(
        fail(
          'read replica schema',
          `lacks migrations the primary has: ${r.missing_migrations.join(', ')}`,
          r.standby
            ? 'the standby is behind: check its replication (pg_stat_replication on the primary)'
            : 'it is not a standby of the primary; point DATABASE_READ_URL at one',
        ),
      );
    }
    return items;
  } finally {
    await readDb.close();
    await primary.close();
  }
}

async function llmChecks(config: Config): Promise<CheckItem[]> {
  const llm = await ollamaHealth(config, { timeoutMs: 5000 });
  if (!llm.configured)
    return [
      ok(
        'llm',
        'not configured: no-LLM mode (set OLLAMA_URL, EMBED_MODEL, SLM1_MODEL, SLM2_MODEL, JUDGE_MODEL to use one)',
      ),
    ];
  if (!llm.reachable) {
    return [
      fail(
        'llm',
        `Ollama at ${llm.url} is not reachable: ${llm.error}`,
        'start Ollama (`docker compose -f deploy/docker-compose.yml --profile llm up -d ollama`), or fix OLLAMA_URL, or unset it for no-LLM mode',
      ),
    ];
  }
  const items = [ok('llm', `Ollama at ${llm.url} reachable`)];
  for (const m of llm.models) {
    items.push(
      m.present
        ? ok(`model ${m.name}`, `present (${m.role})`)
        : fail(`model ${m.name}`, `not in Ollama at ${llm.url} (${m.role})`, `pull it: \`ollama pull ${m.name}\``),
    );
  }
  if (llm.models.length === 0)
    items.push(warn('llm models', 'none configured', 'set EMBED_MODEL and SLM1_MODEL / SLM2_MODEL / JUDGE_MODEL'));
  return items;
}

async function serverCheck(url: string): Promise<CheckItem> {
  const target = `${url.replace(/\/+$/, '')}/health`;
  try {
    const res = await getJson(target, 5000);
    if (res.status === 200 && (res.body as { status?: unknown })?.status === 'healthy')
      return ok('server', `${target} answers {"status":"healthy"}`);
    return fail(
      'server',
      `${target} answered HTTP ${res.status} ${JSON.stringify(res.body) ?? ''}`.trim(),
      'is another program using that port? Check the server log, or pass --url',
    );
  } catch (err) {
    return fail(
      'server',
      `not reachable at ${target}: ${describeFetchError(err)}`,
      'start it with `npm start` (or `npx olala serve`), or pass --url if it runs elsewhere',
    );
  }
}

const SYMBOL = { ok: '✓', fail: '✗', warn: '!' } as const;

export function formatReport(report: CheckReport): string {
  const lines = report.checks.map(
    (c) => `${SYMBOL[c.status]} ${c.name}: ${c.detail}${c.hint ? `\n    → ${c.hint}` : ''}`,
  );
  const failed = report.checks.filter((c) => c.status === 'fail').length;
  lines.push(report.ok ? 'all required checks passed' : `${failed} required check${failed === 1 ? '' : 's'} failed`);
  return `${lines.join('\n')}\n`;
}

/** `olala check`: is the stack usable? Each line says what is wrong and what to do; exit 1 if a required part fails. */
export function register(program: Command): void {
  program
    .command('check')
    .description('check the stack: database, migrations, extensions, encoding, LLM endpoint and models, the server')
    .option('--json', 'print the report as JSON')
    .option(
      '--url <url>',
      'where the server runs (default: the one holding the embedded database, else http://localhost:PORT)',
    )
    .showHelpAfterError()
    .exitOverride()
    .action(async (flags: { json?: boolean; url?: string }) => {
      if (flags.url !== undefined && !URL.canParse(flags.url)) throw new UserError(`--url: not a URL: "${flags.url}"`);
      const config = loadConfig();
      const database = await databaseChecks(config);
      const held = database.serverUrl ?? (config.databaseUrl ? undefined : readLock(config.dataDir)?.httpUrl);
      const checks = [
        ...database.items,
        ...(await replicaChecks(config)),
        ...(await llmChecks(config)),
        await serverCheck(flags.url ?? held ?? `http://localhost:${config.port}`),
      ];
      const report: CheckReport = { ok: !checks.some((c) => c.status === 'fail'), checks };
      process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
      if (!report.ok) process.exitCode = 1;
    });
}
