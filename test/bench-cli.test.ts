import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, test } from 'node:test';
import { benchArgs, integerFlag, MissingDataError, scratchDir, sharedData, UsageError } from '../bench/lib/cli.js';

const argv = process.argv;
const sharedEnv = process.env.OLALA_SHARED_DATA;
afterEach(() => {
  process.argv = argv;
  if (sharedEnv === undefined) delete process.env.OLALA_SHARED_DATA;
  else process.env.OLALA_SHARED_DATA = sharedEnv;
});

const withArgs = (...args: string[]) => (process.argv = [argv[0]!, 'bench.ts', ...args]);

test('every bench takes --json beside its own flags; an unknown flag or a positional is a usage error', () => {
  withArgs('--json', '--clients', '5');
  const values = benchArgs({ clients: { type: 'string', default: '500' } });
  assert.equal(values.json, true);
  assert.equal(values.clients, '5');
  withArgs();
  assert.equal(benchArgs({ clients: { type: 'string', default: '500' } }).json, false);
  withArgs('--bogus');
  assert.throws(
    () => benchArgs({}),
    (err: Error) => err instanceof UsageError && /bogus/.test(err.message),
  );
  withArgs('stray');
  assert.throws(() => benchArgs({}), UsageError);
});

test('--help ends main with something that is not a usage error (runBench prints the usage and exits 0)', () => {
  withArgs('--help');
  assert.throws(
    () => benchArgs({}),
    (err: Error) => !(err instanceof UsageError),
  );
});

test('integer flags: bounds and garbage name the flag and what it takes', () => {
  assert.equal(integerFlag('rate', '50', 1, 500), 50);
  assert.equal(integerFlag('checks', '0', 0), 0);
  assert.throws(() => integerFlag('rate', '501', 1, 500), {
    message: '--rate: expected an integer from 1 to 500, got "501"',
  });
  assert.throws(() => integerFlag('checks', '1.5', 1), { message: '--checks: expected an integer ≥ 1, got "1.5"' });
  assert.throws(() => integerFlag('checks', '', 0), UsageError);
});

test('shared data: the folder when what the bench needs is there, else one error naming each missing path', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'olala-bench-cli-'));
  try {
    fs.mkdirSync(path.join(dir, 'boolq'));
    process.env.OLALA_SHARED_DATA = dir;
    assert.equal(sharedData('boolq'), dir);
    assert.throws(
      () => sharedData('boolq', 'kowiki', 'nli/klue.json'),
      (err: Error) =>
        err instanceof MissingDataError &&
        err.message.includes(path.join(dir, 'kowiki')) &&
        err.message.includes(path.join(dir, 'nli/klue.json')) &&
        !err.message.includes(path.join(dir, 'boolq,')) &&
        /OLALA_SHARED_DATA/.test(err.message),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a scratch folder is named for its bench, empty, and gone after remove()', () => {
  const { dir, remove } = scratchDir('cli-test');
  try {
    assert.match(path.basename(dir), /^olala-bench-cli-test-/);
    assert.deepEqual(fs.readdirSync(dir), []);
    fs.writeFileSync(path.join(dir, 'db'), 'x');
  } finally {
    remove();
  }
  assert.equal(fs.existsSync(dir), false);
});
