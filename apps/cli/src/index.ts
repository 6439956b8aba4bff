import { Command } from 'commander';
import { handleError } from './lib/handle-error.js';
import { register as registerWikiConvert } from './commands/wiki-convert.js';

// Each command lives in commands/<name>.ts and exports register(parent).
// Add new commands here; keep this file to wiring only.
const program = new Command('olala')
  .description('OLaLA operator CLI: serve the app, manage the wiki knowledge base and the database')
  .showHelpAfterError()
  .exitOverride();

const wiki = program.command('wiki').description('the wiki knowledge base: convert, import, status').showHelpAfterError();
const db = program.command('db').description('the database: migrations').showHelpAfterError();
for (const cmd of [wiki, db]) cmd.exitOverride();
registerWikiConvert(wiki);
void wiki;
void db;

try {
  await program.parseAsync(process.argv);
} catch (err) {
  handleError(err);
}
