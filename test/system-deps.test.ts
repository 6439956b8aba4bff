import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ensureSystemPackages, type SystemNeed } from '../scripts/system-deps.mjs';

const MODULE = pathToFileURL(path.resolve(import.meta.dirname, '../scripts/system-deps.mjs')).href;

// A fake apt-get: logs each call, marks the time it runs with a folder (mkdir is atomic, so a
// second call while one runs finds it and logs an overlap), and "installs" by creating `installed`.
const FAKE_APT = `#!/bin/sh
dir=$(dirname "$0")
if ! mkdir "$dir/busy" 2>/dev/null; then echo "overlap" >> "$dir/apt.log"; fi
echo "start $*" >> "$dir/apt.log"
sleep 0.3
case " $* " in *" install "*) touch "$dir/installed" ;; esac
echo "end" >> "$dir/apt.log"
rmdir "$dir/busy" 2>/dev/null
exit 0
`;

// A caller in its own process: waits for the start signal (so that all start together), then
// asks for the fake package and prints what it installed or the error.
const CALLER = `
import fs from 'node:fs';
const [moduleUrl, dir, waitMs] = process.argv.slice(2);
const { ensureSystemPackages } = await import(moduleUrl);
while (!fs.existsSync(dir + '/go')) await new Promise((r) => setTimeout(r, 10));
try {
  const installed = ensureSystemPackages(
    [{ what: 'the fake package', check: () => fs.existsSync(dir + '/installed'), packages: ['fake-pkg'] }],
    { aptGet: dir + '/apt-get', lockFile: dir + '/deps.lock', isRoot: true, pollMs: 20, waitMs: Number(waitMs), log: () => {} },
  );
  console.log(JSON.stringify({ installed }));
} catch (err) {
  console.log(JSON.stringify({ error: err.message }));
  process.exitCode = 1;
}
`;

function sandbox(t: TestContext, aptScript = FAKE_APT): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'olala-system-deps-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'apt-get'), aptScript, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'caller.mjs'), CALLER);
  return dir;
}

interface CallerResult {
  code: number | null;
  out: { installed?: string[]; error?: string };
}

function caller(dir: string, waitMs = 60_000): Promise<CallerResult> {
  const child = spawn(process.execPath, [path.join(dir, 'caller.mjs'), MODULE, dir, String(waitMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out: JSON.parse(stdout || '{}') })));
}

function aptLog(dir: string): string[] {
  const file = path.join(dir, 'apt.log');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n') : [];
}

const ONE_INSTALL = [
  'start -o DPkg::Lock::Timeout=600 update -qq',
  'end',
  'start -o DPkg::Lock::Timeout=600 install -y -qq fake-pkg',
  'end',
];

/** A pid that belonged to a process that has exited. */
function deadPid(): number {
  const res = spawnSync(process.execPath, ['-e', '']);
  assert.equal(res.status, 0);
  return res.pid!;
}

test('three callers at once: apt-get runs once, never two at a time, and all three succeed', async (t) => {
  const dir = sandbox(t);
  const running = [caller(dir), caller(dir), caller(dir)];
  fs.writeFileSync(path.join(dir, 'go'), '');
  const results = await Promise.all(running);
  for (const r of results) assert.equal(r.code, 0, JSON.stringify(r.out));
  assert.deepEqual(aptLog(dir), ONE_INSTALL);
  // One of them installed; the others found it installed once they had the lock (or before).
  assert.deepEqual(results.map((r) => r.out.installed).sort(), [[], [], ['fake-pkg']]);
  assert.equal(fs.existsSync(path.join(dir, 'deps.lock')), false, 'the lock is released');
});

test('a lock left by a dead process is taken over', async (t) => {
  const dir = sandbox(t);
  const pid = deadPid();
  fs.writeFileSync(path.join(dir, 'deps.lock'), `${pid}\ninstalling fake-pkg\n`);
  fs.writeFileSync(path.join(dir, 'go'), '');
  const r = await caller(dir);
  assert.equal(r.code, 0, JSON.stringify(r.out));
  assert.deepEqual(r.out.installed, ['fake-pkg']);
  assert.deepEqual(aptLog(dir), ONE_INSTALL);
  assert.equal(fs.existsSync(path.join(dir, 'deps.lock')), false);
});

test('a lock held by a live process ends the wait with an error naming the holder', async (t) => {
  const dir = sandbox(t);
  const lock = path.join(dir, 'deps.lock');
  // This test process is alive: it holds the lock for as long as the caller waits.
  fs.writeFileSync(lock, `${process.pid}\ninstalling something else\n`);
  fs.writeFileSync(path.join(dir, 'go'), '');
  const r = await caller(dir, 300);
  assert.equal(r.code, 1);
  assert.equal(
    r.out.error,
    `timed out after 0.3 s waiting for the lock ${lock}, held by pid ${process.pid} (installing something else). ` +
      'If that process is not running an install any more, remove the file and try again.',
  );
  assert.deepEqual(aptLog(dir), [], 'apt-get never ran');
  assert.equal(
    fs.readFileSync(lock, 'utf8'),
    `${process.pid}\ninstalling something else\n`,
    "the holder's lock is left alone",
  );
});

test('when every check passes nothing runs, even while another process holds the lock', (t) => {
  const dir = sandbox(t);
  fs.writeFileSync(path.join(dir, 'deps.lock'), `${process.pid}\nbusy\n`);
  const installed = ensureSystemPackages([{ what: 'x', check: () => true, packages: ['fake-pkg'] }], {
    aptGet: path.join(dir, 'apt-get'),
    lockFile: path.join(dir, 'deps.lock'),
    isRoot: true,
    waitMs: 0,
  });
  assert.deepEqual(installed, []);
  assert.deepEqual(aptLog(dir), []);
});

test('not root, no apt-get, or a failing apt-get: a clear message saying what to run', (t) => {
  const dir = sandbox(t, '#!/bin/sh\nexit 100\n');
  const need: SystemNeed = {
    what: 'Chromium for the end-to-end tests',
    check: () => false,
    packages: ['chromium', 'fonts-noto-cjk'],
    hint: 'see the README',
  };
  const options = { aptGet: path.join(dir, 'apt-get'), lockFile: path.join(dir, 'deps.lock'), log: () => {} };
  assert.throws(
    () => ensureSystemPackages([need], { ...options, isRoot: false }),
    new Error(
      'missing:\n  - Chromium for the end-to-end tests\nIt cannot be installed here (not root). Install it as root and run again:\n  sudo apt-get install -y chromium fonts-noto-cjk',
    ),
  );
  const missing = path.join(dir, 'no-such-apt-get');
  assert.throws(() => ensureSystemPackages([need], { ...options, aptGet: missing, isRoot: true }), {
    message: `missing:\n  - Chromium for the end-to-end tests\nIt cannot be installed here (no ${missing}). Install it as root and run again:\n  apt-get install -y chromium fonts-noto-cjk`,
  });
  assert.throws(() => ensureSystemPackages([need], { ...options, isRoot: true }), {
    message: 'apt-get update failed (exit 100); cannot install chromium fonts-noto-cjk\nsee the README',
  });
  assert.equal(fs.existsSync(path.join(dir, 'deps.lock')), false, 'the lock is released after a failure');
});
