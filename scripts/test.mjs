// `npm test`: installs what is missing, lints, typechecks, starts a throwaway PostgreSQL
// server, then runs every *.test.ts under packages/ and apps/ with node's test runner.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from './ensure-deps.mjs';

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
if (only.length === 0) {
  step('lint', process.execPath, ['node_modules/eslint/bin/eslint.js', '.']);
  step('typecheck', process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit']);
}

function findTests(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) findTests(full, out);
    else if (entry.name.endsWith('.test.ts')) out.push(path.relative(root, full));
  }
  return out;
}

const files = only.length ? only : [...findTests('packages'), ...findTests('apps'), ...findTests('test')].sort();
const { startPostgres } = await import('./pg-server.mjs');
const pg = await startPostgres();
console.error(`[test] PostgreSQL for tests at ${pg.url}`);
let status;
try {
  const res = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=300000', ...files],
    { stdio: 'inherit', env: { ...process.env, OLALA_TEST_DATABASE_URL: pg.url, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' } },
  );
  status = res.status ?? 1;
} finally {
  pg.stop();
}
process.exit(status);
