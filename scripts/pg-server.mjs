// Starts a throwaway PostgreSQL server (Debian's packages) for tests and benchmarks:
// a C.UTF-8 cluster in a temporary folder, on loopback, owned by an unprivileged user
// because PostgreSQL refuses to run as root. Installs the packages when missing (system-deps.mjs).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureSystemPackages } from './system-deps.mjs';

const PG_VERSION = process.env.OLALA_TEST_PG_VERSION || '15';

/** A server folder with initdb whose version also has pg_trgm (postgresql-contrib). */
function findBinDir() {
  const candidates = [`/usr/lib/postgresql/${PG_VERSION}/bin`];
  try {
    for (const v of fs.readdirSync('/usr/lib/postgresql').sort().reverse())
      candidates.push(`/usr/lib/postgresql/${v}/bin`);
  } catch {}
  return candidates.find(
    (d) =>
      fs.existsSync(path.join(d, 'initdb')) &&
      fs.existsSync(`/usr/share/postgresql/${path.basename(path.dirname(d))}/extension/pg_trgm.control`),
  );
}

export function postgresNeed() {
  return {
    what: `PostgreSQL ${PG_VERSION} server with pg_trgm, for the tests on the server back end`,
    check: () => findBinDir() !== undefined,
    packages: [`postgresql-${PG_VERSION}`, 'postgresql-contrib'],
  };
}

export function ensurePostgresInstalled() {
  ensureSystemPackages([postgresNeed()]);
  return findBinDir();
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function asUser(user, cmd, args) {
  const root = process.getuid?.() === 0;
  const res = root
    ? spawnSync('runuser', ['-u', user, '--', cmd, ...args], { encoding: 'utf8' })
    : spawnSync(cmd, args, { encoding: 'utf8' });
  if (res.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed (${res.status}):\n${res.stdout}\n${res.stderr}`);
  return res.stdout;
}

function ensureUser() {
  if (process.getuid?.() !== 0) return os.userInfo().username;
  const user = 'postgres';
  const exists = spawnSync('id', ['-u', user]).status === 0;
  if (!exists) execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', user]);
  return user;
}

/**
 * Ctrl-C and SIGTERM end the process through `process.exit`, so its 'exit' listeners (the
 * servers' `stop`) run; where the owner handles them itself, its handler decides (and is expected
 * to exit). Node sends the default action only to a process with no listener of its own.
 */
function exitOnSignals() {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ]) {
    if (process.listenerCount(signal) === 0) process.once(signal, () => process.exit(code));
  }
}

/**
 * @param {{ settings?: Record<string, string> }} [options]
 * @returns {Promise<{ url: string, port: number, dir: string, binDir: string, stop: () => void }>}
 */
export async function startPostgres(options = {}) {
  const binDir = ensurePostgresInstalled();
  const user = ensureUser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'olala-pg-'));
  fs.chmodSync(dir, 0o755);
  const dataDir = path.join(dir, 'data');
  fs.mkdirSync(dataDir);
  if (process.getuid?.() === 0) execFileSync('chown', ['-R', user, dir]);
  asUser(user, path.join(binDir, 'initdb'), [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '--locale=C.UTF-8',
    '--encoding=UTF8',
  ]);
  const port = await freePort();
  const settings = {
    listen_addresses: '127.0.0.1',
    port: String(port),
    unix_socket_directories: dir,
    fsync: 'off',
    max_connections: '200',
    ...options.settings,
  };
  const conf = Object.entries(settings)
    .map(([k, v]) => `${k} = '${v}'`)
    .join('\n');
  fs.appendFileSync(path.join(dataDir, 'postgresql.conf'), `\n${conf}\n`);
  asUser(user, path.join(binDir, 'pg_ctl'), [
    '-D',
    dataDir,
    '-l',
    path.join(dir, 'server.log'),
    '-w',
    '-t',
    '60',
    'start',
  ]);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', stop);
    try {
      asUser(user, path.join(binDir, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
    } catch {}
    fs.rmSync(dir, { recursive: true, force: true });
  };
  // pg_ctl detaches the server: without this, a bench or test run cut short by Ctrl-C or a kill
  // leaves it running with its data (gigabytes after a seed-size import) in the temp folder.
  process.on('exit', stop);
  exitOnSignals();
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, port, dir, binDir, stop };
}

// `node scripts/pg-server.mjs` starts a server and prints its URL until Ctrl-C.
if (import.meta.url === `file://${process.argv[1]}`) {
  const pg = await startPostgres();
  console.log(pg.url);
  const end = () => {
    pg.stop();
    process.exit(0);
  };
  process.on('SIGINT', end);
  process.on('SIGTERM', end);
  setInterval(() => {}, 1 << 30);
}
