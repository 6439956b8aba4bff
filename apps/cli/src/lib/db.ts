import { loadConfig, openDb, type Db, type Logger } from '@olala/core';

/** Operator-facing log lines go to stderr so stdout stays machine-readable. */
export const stderrLog: Logger = {
  info: (msg) => process.stderr.write(`${msg}\n`),
  warn: (msg) => process.stderr.write(`warning: ${msg}\n`),
};

/** Opens (and migrates) the configured database for one CLI command, closing it afterwards. */
export async function withDb<T>(command: string, fn: (db: Db) => Promise<T>, options: { migrate?: boolean } = {}): Promise<T> {
  const db = await openDb(loadConfig(), { command: `olala ${command}`, log: stderrLog, migrate: options.migrate });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
