// The one installer of the Debian packages tests and benchmarks need (PostgreSQL server, Chromium
// and Korean fonts, PostgreSQL client tools). Plain JS: it runs before npm deps exist.
//
// Several processes may need the same package at once (`npm test` runs test files in parallel,
// other checkouts run their tests on the same machine), and two `apt-get install` at once make the
// second fail on apt's lock. So an install happens under one machine-wide lock file, checks are
// repeated once it is held (the previous holder may have installed it), and apt-get itself waits
// for dpkg's lock (DPkg::Lock::Timeout) when something outside this project holds it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CHROMIUM = '/usr/bin/chromium';
const NOTO_CJK_DIR = '/usr/share/fonts/opentype/noto';

/** Debian's Chromium and the CJK fonts its Korean screenshots need (end-to-end tests). */
export function chromiumNeed() {
  return {
    what: `Chromium (${CHROMIUM}) with Korean fonts, for the end-to-end tests`,
    check: () => fs.existsSync(CHROMIUM) && hasNotoCjk(),
    packages: ['chromium', 'fonts-noto-cjk'],
  };
}

/** The CJK fonts that tests render Korean text with (OCR test images), without Chromium. */
export function koreanFontsNeed() {
  return {
    what: 'Korean fonts (fonts-noto-cjk), for the tests that render Korean text',
    check: hasNotoCjk,
    packages: ['fonts-noto-cjk'],
  };
}

function hasNotoCjk() {
  try {
    return fs.readdirSync(NOTO_CJK_DIR).some((f) => f.startsWith('NotoSansCJK'));
  } catch {
    return false;
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
/** Blocks this thread: callers (the test harness, pg-server) are synchronous. */
function sleep(ms) {
  Atomics.wait(sleeper, 0, 0, ms);
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** The lock file's holder: its pid (first line) and what it is doing (second line). */
function readHolder(file) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  }
  const [pid = '', what = ''] = text.split('\n');
  return { pid: /^\d+$/.test(pid) ? Number(pid) : undefined, what };
}

function unlinkQuietly(file) {
  try {
    fs.unlinkSync(file);
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
  }
}

// A holder creates the file and writes its pid right after; an empty file older than this is
// one that died in between.
const EMPTY_LOCK_GRACE_MS = 10_000;

/**
 * Removes a lock whose holder is dead. Two waiters may find the same dead holder: the one that
 * gets `<lock>.takeover` removes it, after checking that it still names the dead pid, so the
 * other never removes the lock the first has just taken.
 */
function takeOver(file, deadPid) {
  const guard = `${file}.takeover`;
  try {
    fs.writeFileSync(guard, `${process.pid}\n`, { flag: 'wx' });
  } catch (err) {
    if (err.code !== 'EEXIST') throw err;
    const g = readHolder(guard);
    if (g?.pid !== undefined && !alive(g.pid)) unlinkQuietly(guard);
    return;
  }
  try {
    const holder = readHolder(file);
    if (holder && holder.pid === deadPid) unlinkQuietly(file);
  } finally {
    unlinkQuietly(guard);
  }
}

/**
 * Runs fn while holding an exclusive lock file (created with O_EXCL, holding this pid and `what`).
 * A lock whose pid is dead is taken over; waiting longer than waitMs throws, naming the holder.
 */
export function withLock(file, what, fn, { waitMs = 20 * 60_000, pollMs = 200, log = (m) => console.error(m) } = {}) {
  const deadline = Date.now() + waitMs;
  let said = false;
  for (;;) {
    let fd;
    try {
      fd = fs.openSync(file, 'wx', 0o644);
    } catch (err) {
      if (err.code !== 'EEXIST') throw new Error(`cannot create the lock file ${file}: ${err.message}`, { cause: err });
    }
    if (fd !== undefined) {
      try {
        fs.writeSync(fd, `${process.pid}\n${what}\n`);
      } finally {
        fs.closeSync(fd);
      }
      break;
    }
    const holder = readHolder(file);
    if (!holder) continue;
    // Our own pid can only be a leftover of an earlier process that had it (withLock does not nest).
    if (holder.pid !== undefined && (holder.pid === process.pid || !alive(holder.pid))) {
      log(`[lock] ${file}: its holder (pid ${holder.pid}) is gone; taking the lock over`);
      takeOver(file, holder.pid);
      continue;
    }
    if (holder.pid === undefined && Date.now() - mtimeMs(file) > EMPTY_LOCK_GRACE_MS) {
      takeOver(file, undefined);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `timed out after ${waitMs / 1000} s waiting for the lock ${file}, held by pid ${holder.pid ?? '?'} (${holder.what || 'unknown'}). ` +
          `If that process is not running an install any more, remove the file and try again.`,
      );
    }
    if (!said) log(`[lock] waiting for pid ${holder.pid ?? '?'} (${holder.what || 'unknown'}) to release ${file} …`);
    said = true;
    sleep(pollMs);
  }
  try {
    return fn();
  } finally {
    // Only our own lock: never one a waiter took over from us by mistake.
    if (readHolder(file)?.pid === process.pid) unlinkQuietly(file);
  }
}

function mtimeMs(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return Date.now();
  }
}

function found(cmd) {
  if (cmd.includes('/')) return fs.existsSync(cmd);
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', cmd], { stdio: 'ignore' }).status === 0;
}

/**
 * Installs the Debian packages of every need whose check fails, and returns the packages it
 * installed (none when every check passes, or when another process installed them while this
 * one waited for the lock).
 *
 * @param {{ what: string, check: () => boolean, packages: string[], hint?: string }[]} needs
 * @param {{ aptGet?: string, lockFile?: string, isRoot?: boolean, waitMs?: number, pollMs?: number,
 *           aptLockTimeoutSeconds?: number, log?: (m: string) => void }} [options]
 */
export function ensureSystemPackages(needs, options = {}) {
  const missing = () => needs.filter((n) => !n.check());
  if (missing().length === 0) return [];
  const aptGet = options.aptGet ?? process.env.OLALA_APT_GET ?? 'apt-get';
  const lockFile =
    options.lockFile ?? process.env.OLALA_SYSTEM_DEPS_LOCK ?? path.join(os.tmpdir(), 'olala-system-deps.lock');
  const isRoot = options.isRoot ?? process.getuid?.() === 0;
  const log = options.log ?? ((m) => console.error(m));
  const aptLockTimeout = options.aptLockTimeoutSeconds ?? 600;

  const describe = (list) => list.map((n) => `  - ${n.what}`).join('\n');
  const command = (list) => `apt-get install -y ${[...new Set(list.flatMap((n) => n.packages))].join(' ')}`;
  const first = missing();
  if (!isRoot || !found(aptGet)) {
    throw new Error(
      `missing:\n${describe(first)}\nIt cannot be installed here (${!isRoot ? 'not root' : `no ${aptGet}`}). ` +
        `Install it as root and run again:\n  ${!isRoot ? 'sudo ' : ''}${command(first)}`,
    );
  }

  return withLock(
    lockFile,
    `installing ${first.flatMap((n) => n.packages).join(' ')}`,
    () => {
      const now = missing();
      if (now.length === 0) return [];
      const packages = [...new Set(now.flatMap((n) => n.packages))];
      log(`[deps] installing with apt-get: ${packages.join(' ')}\n${describe(now)}`);
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      const apt = (args) =>
        spawnSync(aptGet, ['-o', `DPkg::Lock::Timeout=${aptLockTimeout}`, ...args], { stdio: 'inherit', env });
      const hints = now
        .filter((n) => n.hint)
        .map((n) => `\n${n.hint}`)
        .join('');
      const update = apt(['update', '-qq']);
      if (update.status !== 0)
        throw new Error(
          `apt-get update failed (${update.error?.message ?? `exit ${update.status ?? update.signal}`}); cannot install ${packages.join(' ')}${hints}`,
        );
      const install = apt(['install', '-y', '-qq', ...packages]);
      if (install.status !== 0)
        throw new Error(
          `apt-get install ${packages.join(' ')} failed (${install.error?.message ?? `exit ${install.status ?? install.signal}`})${hints}`,
        );
      const still = missing();
      if (still.length > 0)
        throw new Error(`apt-get installed ${packages.join(' ')}, yet still missing:\n${describe(still)}`);
      return packages;
    },
    { waitMs: options.waitMs, pollMs: options.pollMs, log },
  );
}
