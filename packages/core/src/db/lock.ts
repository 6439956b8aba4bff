import fs from 'node:fs';
import path from 'node:path';

export interface LockInfo {
  pid: number;
  command: string;
  startedAt: string;
  /** Set by `olala serve` so other processes can reach the running server instead. */
  httpUrl?: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockInfo,
  ) {
    super(
      `the embedded database in ${dataDir} is in use by process ${holder.pid} (${holder.command}, since ${holder.startedAt}). ` +
        `PGlite allows one process per data folder: stop that process first` +
        (holder.httpUrl ? `, or use the running server at ${holder.httpUrl}` : '') +
        `, or point DATABASE_URL at a PostgreSQL server.`,
    );
    this.name = 'DataDirLockedError';
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readLock(dataDir: string): LockInfo | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, 'olala.lock'), 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

/**
 * Takes the data folder for this process. A lock whose process is gone (for example after
 * `kill -9`) is stale and taken over; a live one raises DataDirLockedError.
 */
export function acquireLock(dataDir: string, command: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'olala.lock');
  const info: LockInfo = { pid: process.pid, command, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(info), { flag: 'wx' });
      return new DataDirLock(file, info);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readLock(dataDir);
      if (holder && alive(holder.pid)) throw new DataDirLockedError(dataDir, holder);
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock ${file}`);
}

export class DataDirLock {
  constructor(
    private readonly file: string,
    private info: LockInfo,
  ) {}

  update(patch: Partial<LockInfo>): void {
    this.info = { ...this.info, ...patch };
    fs.writeFileSync(this.file, JSON.stringify(this.info));
  }

  release(): void {
    const current = (() => {
      try {
        return JSON.parse(fs.readFileSync(this.file, 'utf8')) as LockInfo;
      } catch {
        return undefined;
      }
    })();
    if (current?.pid === process.pid) fs.rmSync(this.file, { force: true });
  }
}
