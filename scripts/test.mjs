// `npm test`: installs what is missing, lints, typechecks, starts a throwaway PostgreSQL
// server, then runs every *.test.ts under packages/ and apps/ with node's test runner. The web
// app (apps/web) has its own tsconfig (DOM, JSX): it is typechecked with it, and its tests
// (*.test.ts and *.test.tsx) run in a second pass that compiles with it.
// What is missing is installed here, once, before any test file starts: npm deps, the Debian
// packages the selected files need (scripts/system-deps.mjs) and, for end-to-end tests, the web
// build — test files run in parallel and must not each install or build.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from './ensure-deps.mjs';
import { ensureWebBuild } from './build-web.mjs';
import { postgresNeed, startPostgres } from './pg-server.mjs';
import { chromiumNeed, ensureSystemPackages, koreanFontsNeed } from './system-deps.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
ensureDeps();

function step(name, cmd, args, env = process.env) {
  console.error(`\n[test] ${name}`);
  const res = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (res.status !== 0) {
    console.error(`[test] ${name} failed`);
    process.exit(res.status ?? 1);
  }
}

const only = process.argv.slice(2);

function findTests(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) findTests(full, out);
    else if (/\.test\.tsx?$/.test(entry.name)) out.push(path.relative(root, full));
  }
  return out;
}

const files = only.length ? only : [...findTests('packages'), ...findTests('apps'), ...findTests('test')].sort();
const isWeb = (f) => path.resolve(root, f).startsWith(path.join(root, 'apps', 'web') + path.sep);
const e2e = files.some((f) => isWeb(f) && /\.e2e\.test\.tsx?$/.test(f));

function setup(name, fn) {
  try {
    fn();
  } catch (err) {
    console.error(`[test] ${name} failed: ${err.message}`);
    process.exit(1);
  }
}

// A test that draws Korean text (an OCR image) names its font; without the font it draws boxes.
const drawsKorean = files.some((f) => /Noto (Sans|Serif) CJK/.test(fs.readFileSync(f, 'utf8')));
const browserOrFonts = e2e ? [chromiumNeed()] : drawsKorean ? [koreanFontsNeed()] : [];
setup('installing system packages', () => ensureSystemPackages([postgresNeed(), ...browserOrFonts]));
if (only.length === 0) {
  step('lint', process.execPath, ['node_modules/eslint/bin/eslint.js', '.']);
  step('format', process.execPath, [
    'node_modules/prettier/bin/prettier.cjs',
    '--check',
    '--log-level',
    'warn',
    '**/*.{ts,tsx,js,mjs,css}',
  ]);
  step('typecheck', process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit']);
  step('typecheck web app', process.execPath, [
    'node_modules/typescript/bin/tsc',
    '-p',
    'apps/web/tsconfig.test.json',
    '--noEmit',
  ]);
}
if (e2e) setup('the web build', () => ensureWebBuild('prod'));

const passes = [
  { files: files.filter((f) => !isWeb(f)), env: {} },
  // tsx reads one tsconfig; the web app's turns on the automatic JSX runtime.
  { files: files.filter(isWeb), env: { TSX_TSCONFIG_PATH: path.join(root, 'apps/web/tsconfig.test.json') } },
].filter((p) => p.files.length > 0);
const pg = await startPostgres();
console.error(`[test] PostgreSQL for tests at ${pg.url}`);
let status = 0;
try {
  for (const pass of passes) {
    const res = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=300000', ...pass.files],
      {
        stdio: 'inherit',
        env: {
          ...process.env,
          ...pass.env,
          OLALA_TEST_DATABASE_URL: pg.url,
          LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
        },
      },
    );
    if (res.status !== 0) status = res.status ?? 1;
  }
} finally {
  pg.stop();
}
process.exit(status);
