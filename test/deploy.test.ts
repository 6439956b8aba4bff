// The beta stack cannot be started here (no Docker engine), so this checks what can be
// checked statically: the compose file's structure, the Dockerfile, and that .env.example
// documents every environment variable the code reads.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { loadConfig } from '@olala/core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const deployDir = path.join(root, 'deploy');
const read = (rel: string) => fs.readFileSync(path.join(root, rel), 'utf8');

type Service = {
  image?: string;
  build?: {
    context: string;
    dockerfile: string;
    additional_contexts?: Record<string, string>;
    args?: Record<string, string>;
  };
  restart?: string;
  profiles?: string[];
  environment?: Record<string, string> | string[];
  volumes?: (string | { type: string; source: string; target: string; read_only?: boolean })[];
  healthcheck?: { test: string | string[] };
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
};
type Compose = { services: Record<string, Service>; volumes?: Record<string, unknown> };

const composeText = read('deploy/docker-compose.yml');
const compose = parse(composeText) as Compose;

function service(name: string): Service {
  const s = compose.services[name];
  assert.ok(s, `deploy/docker-compose.yml has no service "${name}"`);
  return s;
}

function environment(s: Service): Record<string, string> {
  if (!s.environment) return {};
  if (!Array.isArray(s.environment))
    return Object.fromEntries(Object.entries(s.environment).map(([k, v]) => [k, String(v)]));
  return Object.fromEntries(s.environment.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
}

/** Normalises short (`src:dst[:ro]`) and long volume syntax. */
function mounts(s: Service): { source: string; target: string; readOnly: boolean }[] {
  return (s.volumes ?? []).map((v) => {
    if (typeof v !== 'string') return { source: v.source, target: v.target, readOnly: v.read_only === true };
    const [source = '', target = '', mode = ''] = v.split(':');
    return { source, target, readOnly: mode.split(',').includes('ro') };
  });
}

const healthcheckText = (s: Service) => [s.healthcheck?.test ?? []].flat().join(' ');
const isNamedVolume = (source: string) => Object.hasOwn(compose.volumes ?? {}, source);

describe('deploy/docker-compose.yml', () => {
  test('db is PostgreSQL 17 with pgvector, on a named volume, healthy only when pg_isready says so', () => {
    const db = service('db');
    assert.equal(db.image, 'pgvector/pgvector:pg17');
    const data = mounts(db).find((m) => m.target === '/var/lib/postgresql/data');
    assert.ok(data, 'PGDATA (/var/lib/postgresql/data) must be mounted');
    assert.ok(isNamedVolume(data.source), `PGDATA must be on a named volume, not the bind mount "${data.source}"`);
    assert.match(healthcheckText(db), /pg_isready/);
    assert.ok(db.restart, 'db needs a restart policy');
  });

  test('db initialises a UTF-8 cluster, so pg_trgm works on Hangul', () => {
    const args = environment(service('db')).POSTGRES_INITDB_ARGS ?? '';
    assert.match(args, /--encoding=UTF8\b/);
    assert.match(args, /--locale=C\.UTF-8\b/);
  });

  test('no password is written in the file: every secret comes from the environment without a default', () => {
    const dbEnv = environment(service('db'));
    assert.match(
      dbEnv.POSTGRES_PASSWORD ?? '',
      /^\$\{POSTGRES_PASSWORD:\?[^}]*\}$/,
      'POSTGRES_PASSWORD must be ${POSTGRES_PASSWORD:?…} (required, no default)',
    );
    for (const [name, s] of Object.entries(compose.services)) {
      for (const [key, value] of Object.entries(environment(s))) {
        if (/PASSWORD|SECRET|TOKEN|API_KEY/.test(key)) {
          assert.match(
            value,
            /^\$\{[A-Z0-9_]+(:\?[^}]*)?\}$/,
            `${name}.${key} must be taken from the environment, without a default`,
          );
        }
        // Interpolations become __NAME__ first, so that their `:-`/`:?` do not split the userinfo.
        const userinfo = /:\/\/[^:/@]+:([^@]*)@/.exec(value.replace(/\$\{([A-Z0-9_]+)[^}]*\}/g, '__$1__'));
        if (userinfo) assert.equal(userinfo[1], '__POSTGRES_PASSWORD__', `${name}.${key} embeds a literal password`);
      }
    }
  });

  test('ollama runs only with the opt-in llm profile, on a named volume', () => {
    const ollama = service('ollama');
    assert.deepEqual(ollama.profiles, ['llm']);
    const models = mounts(ollama).find((m) => m.target === '/root/.ollama');
    assert.ok(models && isNamedVolume(models.source), 'Ollama models must live on a named volume');
    for (const [name, s] of Object.entries(compose.services)) {
      if (name !== 'ollama') assert.equal(s.profiles, undefined, `${name} must start without a profile`);
    }
  });

  test('server is built from deploy/Dockerfile and starts after the db is healthy', () => {
    const server = service('server');
    assert.ok(server.build, 'server must be built, not pulled');
    const context = path.resolve(deployDir, server.build.context);
    assert.equal(context, root, 'the build context must be the repository root');
    assert.equal(path.resolve(context, server.build.dockerfile), path.join(deployDir, 'Dockerfile'));
    assert.deepEqual(server.depends_on?.db, { condition: 'service_healthy' });
    assert.ok(server.restart, 'server needs a restart policy');
  });

  test('server reaches the db service, listens on 8080 and is health-checked on /health', () => {
    const server = service('server');
    const env = environment(server);
    const url = new URL((env.DATABASE_URL ?? '').replace(/\$\{[^}]*\}/g, 'x'));
    assert.equal(url.protocol, 'postgres:');
    assert.equal(url.hostname, 'db');
    assert.equal(env.PORT, '8080');
    assert.ok(
      server.ports?.some((p) => String(p).endsWith(':8080')),
      'container port 8080 must be published',
    );
    assert.match(healthcheckText(server), /\/health\b/);
  });

  test('the dump folder is mounted read-only at /import, from OLALA_DUMP_DIR with ./dumps by default', () => {
    const dump = mounts(service('server')).find((m) => m.target === '/import');
    assert.ok(dump, 'server must mount the dump folder at /import');
    assert.equal(dump.readOnly, true, '/import must be read-only');
    assert.equal(dump.source, '${OLALA_DUMP_DIR:-./dumps}');
  });

  test('backup runs the server image plus pg_dump of the db major, on a schedule, into a named volume', () => {
    const backup = service('backup');
    assert.ok(backup.build, 'backup must be built');
    assert.equal(path.resolve(deployDir, backup.build.context), root);
    assert.equal(path.resolve(root, backup.build.dockerfile), path.join(deployDir, 'backup', 'Dockerfile'));
    assert.equal(
      backup.build.additional_contexts?.['olala-server'],
      'service:server',
      'the base image must be the server service',
    );
    const dockerfile = read('deploy/backup/Dockerfile');
    assert.match(dockerfile, /^FROM olala-server\s*$/m);
    const dbMajor = /:pg(\d+)$/.exec(service('db').image ?? '')?.[1];
    assert.equal(backup.build.args?.PG_MAJOR, dbMajor, 'pg_dump must match the db service major version');
    assert.match(dockerfile, /postgresql-client-\$\{PG_MAJOR\}/);
    const cmd = JSON.parse(/^CMD\s+(.+)$/m.exec(dockerfile)?.[1] ?? 'null') as string[];
    assert.ok(fs.existsSync(path.join(root, cmd.at(-1) as string)), `${cmd.at(-1)} does not exist`);
    assert.match(read(cmd.at(-1) as string), /olala\.mjs db backup --out/);
    assert.doesNotMatch(
      dockerfile.slice(dockerfile.lastIndexOf('\nUSER ')),
      /USER\s+(root|0)\b/,
      'the loop must not run as root',
    );
    assert.deepEqual(backup.depends_on?.db, { condition: 'service_healthy' });
    assert.ok(backup.restart, 'backup needs a restart policy');
    assert.equal(new URL((environment(backup).DATABASE_URL ?? '').replace(/\$\{[^}]*\}/g, 'x')).hostname, 'db');
    const env = environment(backup);
    assert.ok(
      Number(env.OLALA_BACKUP_KEEP) >= 1 && Number(env.OLALA_BACKUP_INTERVAL_HOURS) >= 1,
      'retention and interval must be set',
    );
    const store = mounts(backup).find((m) => m.target === env.OLALA_BACKUP_DIR);
    assert.ok(store && isNamedVolume(store.source), 'backups must land on a named volume mounted at OLALA_BACKUP_DIR');
  });

  test('every variable the compose file interpolates is documented in .env.example', () => {
    const used = new Set([...composeText.matchAll(/(?<!\$)\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1] as string));
    assert.ok(used.has('POSTGRES_PASSWORD'));
    const missing = [...used].filter((v) => !documentedVariables().has(v));
    assert.deepEqual(missing, [], `add these to .env.example: ${missing.join(', ')}`);
  });
});

// ─── Scale-out override ──────────────────────────────────────────────────────

describe('deploy/docker-compose.scale.yml (N servers behind nginx, a read replica)', () => {
  const overrideText = read('deploy/docker-compose.scale.yml');
  // Compose's `!reset` tag drops a list the base file sets (the server's published port).
  const reset = {
    tag: '!reset',
    collection: 'seq' as const,
    resolve: (seq: { toJSON(): unknown }) => ({ reset: seq.toJSON() }),
  };
  const override = parse(overrideText, { customTags: [reset] }) as Compose & {
    services: Record<
      string,
      Service & { command?: string[]; entrypoint?: string[]; user?: string; deploy?: { replicas?: unknown } }
    >;
  };
  const svc = (name: string) => {
    const s = override.services[name];
    assert.ok(s, `deploy/docker-compose.scale.yml has no service "${name}"`);
    return s;
  };
  const nginx = read('deploy/proxy/nginx.conf').replace(/#.*$/gm, '');
  const directive = (name: string) =>
    [...nginx.matchAll(new RegExp(`^\\s*${name}\\s+([^;{]+)[;{]`, 'gm'))].map((m) => (m[1] as string).trim());

  test('the primary streams WAL and gets a replication role from an init script that exists', () => {
    const db = svc('db');
    const command = (db.command ?? []).join(' ');
    assert.match(command, /-c wal_level=replica\b/);
    assert.match(command, /-c max_wal_senders=\d+/);
    const init = mounts(db).find((m) => m.target.startsWith('/docker-entrypoint-initdb.d/'));
    assert.ok(
      init && init.readOnly,
      'the replication init script must be mounted read-only into /docker-entrypoint-initdb.d',
    );
    const script = fs.readFileSync(path.resolve(deployDir, init.source), 'utf8');
    assert.match(script, /CREATE ROLE replicator WITH REPLICATION LOGIN/);
    assert.match(script, /host replication replicator /, 'replication connections need their own pg_hba line');
  });

  test('db-replica is a hot standby of db: same image, pg_basebackup from db on an empty named volume, health-checked', () => {
    const replica = svc('db-replica');
    assert.equal(replica.image, service('db').image, "a standby must run the primary's major version and extensions");
    assert.deepEqual(replica.depends_on?.db, { condition: 'service_healthy' });
    assert.ok(replica.restart, 'db-replica needs a restart policy');
    assert.match(healthcheckText(replica), /pg_isready/);
    const data = mounts(replica).find((m) => m.target === '/var/lib/postgresql/data');
    assert.ok(
      data && Object.hasOwn(override.volumes ?? {}, data.source),
      "the standby's PGDATA must be a named volume of its own",
    );
    assert.notEqual(data.source, 'pgdata');
    assert.equal(environment(replica).PRIMARY_HOST, 'db');
    const entry = mounts(replica).find((m) => (replica.entrypoint ?? []).includes(m.target));
    assert.ok(entry, 'the entrypoint script must be mounted');
    const script = fs.readFileSync(path.resolve(deployDir, entry.source), 'utf8');
    assert.match(script, /pg_basebackup[\s\\]+.*--write-recovery-conf/s);
    assert.match(script, /hot_standby=on/);
  });

  test('servers: N replicas, no host port of their own, the replica as DATABASE_READ_URL, the proxy trusted for one hop', () => {
    const server = svc('server');
    assert.match(String(server.deploy?.replicas), /^\$\{OLALA_SERVERS:-\d+\}$/);
    assert.deepEqual(server.ports, { reset: [] }, 'N servers cannot publish one host port: ports must be `!reset []`');
    const env = environment(server);
    const read = new URL((env.DATABASE_READ_URL ?? '').replace(/\$\{([A-Z_]+)[^}]*\}/g, '$1'));
    const primary = new URL((environment(service('server')).DATABASE_URL ?? '').replace(/\$\{([A-Z_]+)[^}]*\}/g, '$1'));
    assert.equal(read.protocol, 'postgres:');
    assert.equal(read.hostname, 'db-replica');
    assert.equal(read.username, primary.username, "the replica has the primary's users");
    assert.equal(read.pathname, primary.pathname, 'and its databases');
    assert.equal(
      loadConfig({
        DATABASE_URL: 'postgres://u@db/x',
        DATABASE_READ_URL: 'postgres://u@db-replica/x',
        OLALA_TRUST_PROXY: env.OLALA_TRUST_PROXY,
      }).trustProxy,
      1,
    );
    assert.equal(
      server.depends_on?.['db-replica'],
      undefined,
      'a replica that is down must not keep servers from starting',
    );
  });

  test('proxy: nginx from Docker Hub, pinned, published on OLALA_HTTP_PORT, after the servers are healthy', () => {
    const proxy = svc('proxy');
    assert.match(proxy.image ?? '', /^nginx:\d+\.\d+(-alpine)?$/);
    assert.ok(
      proxy.ports?.includes('${OLALA_HTTP_PORT:-8080}:8080'),
      "the proxy takes over the server's published port",
    );
    assert.deepEqual(proxy.depends_on?.server, { condition: 'service_healthy' });
    assert.match(healthcheckText(proxy), /\/health\b/);
    const conf = mounts(proxy).find((m) => m.target === '/etc/nginx/nginx.conf');
    assert.ok(conf?.readOnly, 'nginx.conf must be mounted read-only');
    assert.equal(path.resolve(deployDir, conf.source), path.join(deployDir, 'proxy', 'nginx.conf'));
  });

  test('nginx.conf: upstream is the server service on 8080, WebSocket upgrade, no buffering for streams, X-Forwarded-For', () => {
    assert.deepEqual(directive('listen'), ['8080']);
    const upstream = /upstream\s+(\w+)\s*\{([^}]*)\}/.exec(nginx);
    assert.ok(upstream, 'an upstream block is expected');
    assert.match(
      upstream[2] as string,
      /^\s*server\s+server:8080\b/m,
      'the upstream must be the compose service `server` on its port 8080',
    );
    assert.deepEqual(directive('proxy_pass'), [`http://${upstream[1]}`]);
    assert.deepEqual(directive('proxy_http_version'), ['1.1'], 'WebSocket needs HTTP/1.1 to the upstream');
    assert.ok(directive('proxy_set_header').includes('Upgrade $http_upgrade'));
    assert.ok(directive('proxy_set_header').includes('Connection $connection_upgrade'));
    assert.match(nginx, /map\s+\$http_upgrade\s+\$connection_upgrade\s*\{[^}]*default\s+upgrade;/);
    assert.deepEqual(directive('proxy_buffering'), ['off'], 'NDJSON and SSE must not be buffered');
    assert.ok(directive('proxy_set_header').includes('X-Forwarded-For $proxy_add_x_forwarded_for'));
    const seconds = (v: string) =>
      Number(/^(\d+)(s|m|h)?$/.exec(v)?.[1]) * ({ s: 1, m: 60, h: 3600 }[/[smh]$/.exec(v)?.[0] ?? 's'] ?? 1);
    assert.ok(
      seconds(directive('proxy_read_timeout')[0] ?? '60s') >= 600,
      'chat sockets and long verifications need a long read timeout',
    );
  });

  test("nginx.conf: the servers' security headers pass through; nginx's own answers (413, 502, 504) get the same ones", () => {
    // The servers' headers (their CSP carries the build's script hashes) must not be hidden or doubled.
    const hidden = directive('proxy_hide_header').map((h) => h.toLowerCase());
    const expected = {
      'Content-Security-Policy': /\bdefault-src 'none'.*\bframe-ancestors 'none'/,
      'X-Frame-Options': /^DENY$/,
      'X-Content-Type-Options': /^nosniff$/,
      'Referrer-Policy': /^no-referrer$/,
    };
    for (const [header, value] of Object.entries(expected)) {
      assert.ok(!hidden.includes(header.toLowerCase()), `nginx must not hide the server's ${header}`);
      // add_header with an empty value adds nothing: the fallback applies only when no upstream sent one.
      const variable = `upstream_http_${header.toLowerCase().replaceAll('-', '_')}`;
      const map = new RegExp(`map\\s+\\$${variable}\\s+\\$(\\w+)\\s*\\{([^}]*)\\}`).exec(nginx);
      assert.ok(map, `a map from $${variable} to a fallback is expected`);
      const entries = new Map(
        [...(map[2] as string).matchAll(/^\s*(\S+)\s+(?:"([^"]*)"|'([^']*)'|(\S+?));/gm)].map((e) => [
          e[1],
          e[2] ?? e[3] ?? e[4] ?? '',
        ]),
      );
      assert.match(
        entries.get("''") ?? entries.get('""') ?? '',
        value,
        `${header}: the fallback when the upstream sent none`,
      );
      assert.equal(entries.get('default'), '', `${header}: when the upstream sent one, nginx adds nothing`);
      assert.ok(
        directive('add_header').includes(`${header} $${map[1]} always`),
        `add_header ${header} $${map[1]} always; expected (always: error answers too)`,
      );
    }
    // add_header in a location would replace the server-level ones there: none may have its own.
    assert.doesNotMatch(nginx, /location[^{]*\{[^}]*\badd_header\b/, 'add_header belongs at the server level only');
    // The servers never build URLs from it, and a client must not be able to choose it.
    assert.ok(
      directive('proxy_set_header').includes('X-Forwarded-Host ""'),
      "the client's X-Forwarded-Host must be dropped",
    );
    assert.deepEqual(directive('server_tokens'), ['off']);
  });

  test('no literal secrets, and every variable it interpolates is in .env.example', () => {
    for (const [name, s] of Object.entries(override.services)) {
      for (const [key, value] of Object.entries(environment(s))) {
        if (/PASSWORD|SECRET|TOKEN|API_KEY/.test(key))
          assert.match(
            value,
            /^\$\{[A-Z0-9_]+(:\?[^}]*)?\}$/,
            `${name}.${key} must come from the environment without a default`,
          );
        const userinfo = /:\/\/[^:/@]+:([^@]*)@/.exec(value.replace(/\$\{([A-Z0-9_]+)[^}]*\}/g, '__$1__'));
        if (userinfo) assert.equal(userinfo[1], '__POSTGRES_PASSWORD__', `${name}.${key} embeds a literal password`);
      }
    }
    const used = new Set([...overrideText.matchAll(/(?<!\$)\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1] as string));
    assert.ok(used.has('POSTGRES_REPLICATION_PASSWORD'));
    const missing = [...used].filter((v) => !documentedVariables().has(v));
    assert.deepEqual(missing, [], `add these to .env.example: ${missing.join(', ')}`);
  });
});

describe('deploy/Dockerfile', () => {
  const dockerfile = read('deploy/Dockerfile');
  const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  const instructions = (name: string) =>
    [...finalStage.matchAll(new RegExp(`^${name}\\s+(.+)$`, 'gm'))].map((m) => m[1] as string);

  test('builds on node:20-bookworm-slim and installs with npm ci without dev dependencies', () => {
    assert.match(finalStage, /^FROM node:20-bookworm-slim\s*$/m);
    assert.ok(
      instructions('RUN').some((r) => /npm ci\b.*--omit=dev/.test(r)),
      'npm ci --omit=dev expected',
    );
  });

  test('runs as a non-root user', () => {
    const user = instructions('USER').at(-1);
    assert.ok(user, 'the final stage needs a USER instruction');
    assert.doesNotMatch(user, /^(root|0)(:|$)/);
  });

  test('CMD starts the server through the CLI entry point, and a HEALTHCHECK probes /health', () => {
    const cmd = JSON.parse(instructions('CMD').at(-1) ?? 'null') as string[];
    assert.deepEqual(cmd, ['node', 'apps/cli/bin/olala.mjs', 'serve']);
    assert.ok(fs.existsSync(path.join(root, cmd[1] as string)), `${cmd[1]} does not exist`);
    assert.match(finalStage, /^HEALTHCHECK\b[\s\S]*\/health/m);
  });

  test('.dockerignore keeps node_modules, local data and secrets out of the image', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim());
    for (const entry of ['**/node_modules', '.git', 'data', '.env'])
      assert.ok(ignored.includes(entry), `.dockerignore lacks ${entry}`);
  });
});

// ─── .env.example against the code ───────────────────────────────────────────

/** Names in `NAME=` lines, commented out (optional) or not. */
function documentedVariables(): Set<string> {
  return new Set([...read('.env.example').matchAll(/^#?\s?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1] as string));
}

const ENV_READS = [
  // process.env.X, env.X, env?.X
  /\benv\??\.([A-Z][A-Z0-9_]*)\b/g,
  // process.env['X'], env?.["X"]
  /\benv(?:\?\.)?\[\s*['"`]([A-Z][A-Z0-9_]*)['"`]\s*\]/g,
  // helpers called as integer(env, 'X', …) or url(process.env, "X")
  /\(\s*(?:process\.)?env\s*,\s*['"`]([A-Z][A-Z0-9_]*)['"`]/g,
];
// const { X, Y: y = 1 } = process.env
const DESTRUCTURE = /\{([^{}]*)\}\s*=\s*(?:process\.)?env\b/g;

function envReads(code: string): Set<string> {
  // Vite's import.meta.env is build-time configuration of the web app (apps/web/.env.*), not the process's.
  const source = code.replace(/import\.meta\.env\.[A-Z_]+/g, '');
  const names = new Set<string>();
  for (const re of ENV_READS) for (const m of source.matchAll(re)) names.add(m[1] as string);
  for (const m of source.matchAll(DESTRUCTURE)) {
    for (const part of (m[1] ?? '').split(',')) {
      const name = /^\s*([A-Z][A-Z0-9_]*)\b/.exec(part)?.[1];
      if (name) names.add(name);
    }
  }
  return names;
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(full, out);
    else if (/\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(entry.name) && !/\.test\.[a-z]+$/.test(entry.name)) out.push(full);
  }
  return out;
}

function scannedDirs(): string[] {
  const dirs = ['scripts', 'bench'].map((d) => path.join(root, d));
  for (const group of ['packages', 'apps']) {
    for (const pkg of fs.readdirSync(path.join(root, group))) dirs.push(path.join(root, group, pkg, 'src'));
  }
  return dirs;
}

describe('.env.example', () => {
  test('the scanner recognises every way the code reads a variable', () => {
    const sample = [
      'const a = process.env.ALPHA_ONE;',
      'const b = env?.BRAVO ?? "x";',
      "const c = process.env['CHARLIE'];",
      'integer(env, \'DELTA_2\', 1, 0, 9); url(process.env, "ECHO");',
      'const { FOXTROT, GOLF: golf = 1 } = process.env;',
      'const notEnv = environment.HOTEL; const lower = env.lowercase;',
    ].join('\n');
    assert.deepEqual([...envReads(sample)].sort(), [
      'ALPHA_ONE',
      'BRAVO',
      'CHARLIE',
      'DELTA_2',
      'ECHO',
      'FOXTROT',
      'GOLF',
    ]);
  });

  test('documents every environment variable read in packages/*/src, apps/*/src, scripts and bench', () => {
    const read = new Map<string, string>();
    for (const dir of scannedDirs()) {
      for (const file of sourceFiles(dir)) {
        for (const name of envReads(fs.readFileSync(file, 'utf8')))
          if (!read.has(name)) read.set(name, path.relative(root, file));
      }
    }
    // Guards against a scan that silently finds nothing (moved folders, broken regex).
    for (const known of ['DATABASE_URL', 'OLALA_DATA_DIR', 'PORT', 'OLLAMA_URL'])
      assert.ok(read.has(known), `scan did not find ${known}`);
    const documented = documentedVariables();
    const missing = [...read]
      .filter(([name]) => !documented.has(name))
      .map(([name, file]) => `${name} (read in ${file})`);
    assert.deepEqual(missing, [], `document these in .env.example: ${missing.join(', ')}`);
  });

  test('every variable has a comment above it and no secret has a value', () => {
    const lines = read('.env.example').split('\n');
    lines.forEach((line, i) => {
      const name = /^#?\s?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
      if (!name) return;
      const previous = lines[i - 1] ?? '';
      assert.ok(
        /^#\s/.test(previous) && !/^#?\s?[A-Z][A-Z0-9_]*=/.test(previous),
        `.env.example:${i + 1}: ${name[1]} needs its own comment line above it`,
      );
      if (/PASSWORD|SECRET|TOKEN|API_KEY/.test(name[1] as string) && !line.startsWith('#')) {
        assert.equal(name[2], '', `.env.example:${i + 1}: ${name[1]} must be left empty`);
      }
    });
  });
});
