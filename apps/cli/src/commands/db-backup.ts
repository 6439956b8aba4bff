import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { DataDirLockedError, loadConfig, UserError } from '@olala/core';
import { backupDatabase } from '@olala/core/db';
import { withDb } from '../lib/db.js';

interface BackupFlags {
  out: string;
  json?: boolean;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** `olala db backup`: the whole database, schema and data, into one checked file. */
export function register(db: Command): void {
  db.command('backup')
    .description(
      'back up the whole database (schema and data) into one file: pg_dump on PostgreSQL, a PGlite data-folder dump when embedded',
    )
    .requiredOption('--out <file>', 'the backup file to write (refuses to overwrite one)')
    .option('--json', 'print the backup header as JSON; progress as JSON lines on stderr')
    .showHelpAfterError()
    .exitOverride()
    .action(async (flags: BackupFlags) => {
      const out = path.resolve(flags.out);
      if (fs.existsSync(out)) throw new UserError(`--out: ${flags.out} already exists; choose a new file name`);
      if (!fs.existsSync(path.dirname(out)))
        throw new UserError(`--out: the folder ${path.dirname(out)} does not exist`);
      const config = loadConfig();
      const started = performance.now();
      const header = await withDb(
        'db backup',
        (database) =>
          backupDatabase(database, { out, databaseUrl: config.databaseUrl, progress: flags.json ? 'json' : true }),
        {
          migrate: false,
        },
      ).catch((err: unknown) => {
        if (err instanceof DataDirLockedError) {
          throw new UserError(
            `the embedded database in ${err.dataDir} is held by process ${err.holder.pid} (${err.holder.command}); PGlite serves one process, so a backup cannot read it meanwhile. ` +
              'Stop that process, run `olala db backup` again, then start it again; for backups without downtime run on PostgreSQL (DATABASE_URL).',
          );
        }
        throw err;
      });
      const seconds = (performance.now() - started) / 1000;
      if (flags.json) {
        process.stdout.write(
          `${JSON.stringify({ file: out, bytes: fs.statSync(out).size, seconds: Math.round(seconds * 100) / 100, ...header })}\n`,
        );
        return;
      }
      const rows = Object.values(header.tables).reduce((a, b) => a + b, 0);
      process.stdout.write(
        [
          `backup: ${out}`,
          `back end: ${header.backend} (${header.serverVersion}), schema version ${header.schemaVersion}`,
          `tables: ${Object.keys(header.tables).length}, rows: ${rows}`,
          `size: ${mb(fs.statSync(out).size)}, took ${seconds.toFixed(1)} s`,
          `sha256: ${header.sha256}`,
        ].join('\n') + '\n',
      );
    });
}
