import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig, type Config } from '@olala/core';
import { restorePGliteBackup, restorePostgresBackup, type BackupHeader } from '@olala/core/db';
import { withDb } from '../lib/db.js';

interface RestoreFlags {
  from: string;
  force?: boolean;
  json?: boolean;
}

async function restore(config: Config, flags: RestoreFlags): Promise<{ header: BackupHeader; previous?: string }> {
  const from = path.resolve(flags.from);
  const progress = flags.json ? 'json' : true;
  if (config.databaseUrl) {
    const databaseUrl = config.databaseUrl;
    return withDb(
      'db restore',
      (db) => restorePostgresBackup(db, { from, databaseUrl, force: flags.force, progress }),
      { migrate: false },
    );
  }
  return restorePGliteBackup(config.dataDir, { from, force: flags.force, progress });
}

/** `olala db restore`: replaces the database with a backup, checked before anything changes. */
export function register(db: Command): void {
  db.command('restore')
    .description('restore a backup made by `olala db backup`; refuses a database that holds data unless --force')
    .requiredOption('--from <file>', 'the backup file')
    .option(
      '--force',
      'replace a database that holds data (PostgreSQL: in one transaction; embedded: the old folder is kept beside it)',
    )
    .option('--json', 'print the result as JSON; progress as JSON lines on stderr')
    .showHelpAfterError()
    .exitOverride()
    .action(async (flags: RestoreFlags) => {
      const config = loadConfig();
      const started = performance.now();
      const { header, previous } = await restore(config, flags);
      // A backup from an older release comes back with its older schema: bring it forward now
      // rather than at the next server start.
      const migrated = await withDb(
        'db restore',
        async (database) => (database as { migrations?: { applied: number[] } }).migrations?.applied ?? [],
        { migrate: true },
      );
      const seconds = (performance.now() - started) / 1000;
      const applied = migrated.filter((v) => !header.migrations.includes(v));
      if (flags.json) {
        process.stdout.write(
          `${JSON.stringify({ from: path.resolve(flags.from), seconds: Math.round(seconds * 100) / 100, tables: header.tables, schemaVersion: header.schemaVersion, migratedTo: applied, previous })}\n`,
        );
        return;
      }
      const rows = Object.values(header.tables).reduce((a, b) => a + b, 0);
      process.stdout.write(
        [
          `restored: ${path.resolve(flags.from)} (${header.backend}, taken ${header.createdAt}, schema version ${header.schemaVersion})`,
          `tables: ${Object.keys(header.tables).length}, rows: ${rows} (counts checked against the backup)`,
          `migrations applied after the restore: ${applied.length ? applied.join(', ') : 'none'}`,
          ...(previous ? [`the previous data folder was kept at ${previous}; delete it once you are satisfied`] : []),
          `took ${seconds.toFixed(1)} s`,
        ].join('\n') + '\n',
      );
    });
}
