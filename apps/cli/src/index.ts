import { Command } from 'commander';
import { handleError } from './lib/handle-error.js';
import { register as registerWikiConvert } from './commands/wiki-convert.js';
import { register as registerWikiImport } from './commands/wiki-import.js';
import { register as registerWikiStatus } from './commands/wiki-status.js';
import { register as registerWikiIndex } from './commands/wiki-index.js';
import { register as registerWikiEmbed } from './commands/wiki-embed.js';
import { register as registerDbMigrate } from './commands/db-migrate.js';
import { register as registerDbBackup } from './commands/db-backup.js';
import { register as registerDbRestore } from './commands/db-restore.js';
import { register as registerServe } from './commands/serve.js';
import { register as registerCheck } from './commands/check.js';
import { register as registerSmoke } from './commands/smoke.js';
import { register as registerUsers } from './commands/users.js';
import { register as registerIssues } from './commands/issues.js';
import { register as registerEval } from './commands/eval.js';
import { register as registerKeys } from './commands/keys.js';
import { register as registerCheckClaims } from './commands/check-claims.js';

// Each command lives in commands/<name>.ts and exports register(parent).
// Add new commands here; keep this file to wiring only.
const program = new Command('olala')
  .description('OLaLA operator CLI: serve the app, manage the wiki knowledge base and the database')
  .showHelpAfterError()
  .exitOverride();

const wiki = program
  .command('wiki')
  .description('the wiki knowledge base: convert, import, index, status')
  .showHelpAfterError();
const db = program.command('db').description('the database: migrations, backup and restore').showHelpAfterError();
for (const cmd of [wiki, db]) cmd.exitOverride();
registerWikiConvert(wiki);
registerWikiImport(wiki);
registerWikiStatus(wiki);
registerWikiIndex(wiki);
registerWikiEmbed(wiki);
registerDbMigrate(db);
registerDbBackup(db);
registerDbRestore(db);
registerServe(program);
registerCheck(program);
registerSmoke(program);
registerUsers(program);
registerIssues(program);
registerEval(program);
registerKeys(program);
registerCheckClaims(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  handleError(err);
}
