import type { Command } from 'commander';
import { loadMigrations, migrate, migrationStatus } from '@olala/core';
import { stderrLog, withDb } from '../lib/db.js';

/** `olala db migrate`: applies what is pending; running it again changes nothing. */
export function register(db: Command): void {
  db.command('migrate')
    .description('apply pending migrations (safe to repeat); prints what was applied and what is pending')
    .showHelpAfterError()
    .exitOverride()
    .action(async () => {
      const names = new Map(loadMigrations().map((m) => [m.version, m.file.replace(/\.sql$/, '')]));
      const label = (v: number) => names.get(v) ?? String(v);
      await withDb(
        'db migrate',
        async (database) => {
          const before = await migrationStatus(database);
          const after = await migrate(database, stderrLog);
          const now = after.applied.filter((v) => !before.applied.includes(v));
          const lines = [
            `database: ${database.backend} ${database.location}`,
            `applied now: ${now.length ? now.map(label).join(', ') : 'none (already up to date)'}`,
            `applied: ${after.applied.map(label).join(', ') || 'none'}`,
            `pending: ${after.pending.length ? after.pending.map((p) => `${label(p.version)}${p.blockedBy ? ` (skipped: ${p.blockedBy}; optional)` : ''}`).join(', ') : 'none'}`,
          ];
          process.stdout.write(`${lines.join('\n')}\n`);
        },
        { migrate: false },
      );
    });
}
