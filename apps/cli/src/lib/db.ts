import { loadConfig, openDb, type Db, type Logger } from '@olala/core';
import { publishIndexProgress } from '@olala/core/wiki';

/** Operator-facing log lines go to stderr so stdout stays machine-readable. */
export const stderrLog: Logger = {
  info: (msg) => process.stderr.write(`${msg}\n`),
  warn: (msg) => process.stderr.write(`warning: ${msg}\n`),
};

/** Opens (and migrates) the configured database for one CLI command, closing it afterwards. */
export async function withDb<T>(
  command: string,
  fn: (db: Db) => Promise<T>,
  options: { migrate?: boolean } = {},
): Promise<T> {
  const config = loadConfig();
  const db = await openDb(config, { command: `olala ${command}`, log: stderrLog, migrate: options.migrate });
  // A command that builds the lexical index (import, index) lets `olala wiki status` follow it.
  const published = publishIndexProgress(config.dataDir);
  try {
    return await fn(db);
  } finally {
    published.close();
    await db.close();
  }
}
