// Builds the web app (apps/web → apps/web/dist) with Vite for one build profile.
//   node scripts/build-web.mjs [--profile prod|beta|dev] [--if-stale]
// --if-stale skips the build when dist was built for the same profile after the last change
// to the app's sources (`npm start` uses this, so a fresh clone serves the real app).
// Builds hold a lock file: Vite empties dist first, so two builds at once (e2e test files started
// together, `npm start` beside `npm test`) would delete each other's output.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { withLock } from './system-deps.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_DIR = path.join(root, 'apps/web');
const DIST = path.join(WEB_DIR, 'dist');
const STAMP = path.join(DIST, '.build.json');
// Not in dist (Vite empties it); node_modules exists whenever a build can run.
const BUILD_LOCK = path.join(root, 'node_modules', '.olala-web-build.lock');
const BUILD_WAIT_MS = 15 * 60_000;
export const PROFILES = ['dev', 'beta', 'prod'];
const SOURCES = [
  'index.html',
  'vite.config.ts',
  'package.json',
  '.env.dev',
  '.env.beta',
  '.env.prod',
  'src',
  'public',
  'sw',
];

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

/** Why dist must be rebuilt for `profile`, or undefined when it is current. */
export function staleReason(profile) {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) return 'apps/web/dist does not exist yet';
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(STAMP, 'utf8'));
  } catch {
    return 'apps/web/dist has no build record';
  }
  if (stamp.profile !== profile) return `apps/web/dist was built for profile ${stamp.profile}`;
  const newest = Math.max(...SOURCES.map((s) => newestMtime(path.join(WEB_DIR, s))));
  if (newest > stamp.builtAt) return 'the app sources changed since the last build';
  return undefined;
}

function build(profile) {
  // vite's package exports hide its bin; find the package folder through its package.json.
  const viteDir = path.dirname(createRequire(path.join(WEB_DIR, 'package.json')).resolve('vite/package.json'));
  const vite = path.join(viteDir, 'bin/vite.js');
  const startedAt = Date.now();
  const res = spawnSync(process.execPath, [vite, 'build', '--mode', profile, '--logLevel', 'warn'], {
    cwd: WEB_DIR,
    stdio: 'inherit',
  });
  if (res.status !== 0) throw new Error(`the web build failed (vite exited with ${res.status ?? res.signal})`);
  // Sources touched during the build count as newer than it.
  fs.writeFileSync(STAMP, JSON.stringify({ profile, builtAt: startedAt }));
}

function checkProfile(profile) {
  if (!PROFILES.includes(profile)) throw new Error(`--profile must be one of ${PROFILES.join(', ')}, not "${profile}"`);
}

export function buildWeb(profile = 'prod') {
  checkProfile(profile);
  withLock(BUILD_LOCK, `building apps/web (${profile})`, () => build(profile), { waitMs: BUILD_WAIT_MS });
}

/** Builds unless dist is current; answers whether it built. */
export function ensureWebBuild(profile = 'prod', log = (m) => console.error(m)) {
  checkProfile(profile);
  if (!staleReason(profile)) return false;
  return withLock(
    BUILD_LOCK,
    `building apps/web (${profile})`,
    () => {
      // Whoever held the lock before us may have just built it.
      const reason = staleReason(profile);
      if (!reason) return false;
      log(`[olala] building the web app (${profile}): ${reason} …`);
      build(profile);
      return true;
    },
    { waitMs: BUILD_WAIT_MS, log },
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  let profile = 'prod';
  let ifStale = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--profile') profile = args[++i] ?? '';
    else if (args[i].startsWith('--profile=')) profile = args[i].slice('--profile='.length);
    else if (args[i] === '--if-stale') ifStale = true;
    else {
      console.error(
        `error: unknown option ${args[i]} (usage: node scripts/build-web.mjs [--profile prod|beta|dev] [--if-stale])`,
      );
      process.exit(2);
    }
  }
  try {
    if (ifStale) {
      if (!ensureWebBuild(profile)) console.error(`[olala] apps/web/dist is current (${profile})`);
    } else {
      buildWeb(profile);
      console.error(`[olala] built apps/web/dist (${profile})`);
    }
  } catch (err) {
    console.error(`error: ${err.message}`);
    process.exit(1);
  }
}
