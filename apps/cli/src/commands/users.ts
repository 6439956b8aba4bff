import type { Command } from 'commander';
import { PASSWORD } from '@olala/contract';
import { UserError } from '@olala/core';
import { createOrPromoteAdmin, getAccount, listUsers, parseEmail, passwordProblem } from '@olala/core/identity';
import { withDb } from '../lib/db.js';

/** All of stdin, minus the one line break `echo` or a file adds (as `docker login --password-stdin`). */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/**
 * Reads a line from the terminal without echoing it. Raw mode rather than readline: readline
 * echoes, and silencing it needs its private output hook.
 */
function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (err?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003' || ch === '\u0004') return finish(new UserError('cancelled; nothing was changed'));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function newPassword(fromStdin: string | undefined): Promise<string> {
  let password = fromStdin;
  const source = fromStdin === undefined ? 'the password you typed' : '--password-stdin';
  if (password === undefined) {
    if (!process.stdin.isTTY) {
      throw new UserError(
        '--password-stdin: no password given and stdin is not a terminal to ask on; pipe the password with --password-stdin',
      );
    }
    password = await promptHidden('Password for the new admin account: ');
    if ((await promptHidden('Repeat the password: ')) !== password)
      throw new UserError('the two passwords differ; nothing was changed');
  }
  const problem = passwordProblem(password);
  if (problem) {
    throw new UserError(
      `${source}: the password must be ${PASSWORD.min} to ${PASSWORD.max} characters long, got ${[...password].length}`,
    );
  }
  return password;
}

function requireEmail(raw: string): string {
  const email = parseEmail(raw);
  if (!email) throw new UserError(`--email: "${raw}" is not an email address`);
  return email;
}

/** `olala users create-admin` and `olala users list`. */
export function register(program: Command): void {
  const users = program
    .command('users')
    .description('accounts and admins: create-admin, list')
    .showHelpAfterError()
    .exitOverride();
  users
    .command('create-admin')
    .description(
      'make the account with this email an admin, creating it when there is none (password on stdin or asked for)',
    )
    .requiredOption('--email <email>', "the admin account's email (case-insensitive)")
    .option('--password-stdin', 'read the new password from stdin (only used when the account is created)')
    .showHelpAfterError()
    .exitOverride()
    .action(async (opts: { email: string; passwordStdin?: boolean }) => {
      const email = requireEmail(opts.email);
      // Read before the database opens, so a pipe never waits on a slow start.
      const piped = opts.passwordStdin ? await readStdin() : undefined;
      await withDb('users create-admin', async (db) => {
        const existing = await getAccount(db, email);
        const password = existing ? undefined : await newPassword(piped);
        const { action, user } = await createOrPromoteAdmin(db, email, password);
        const lines = {
          created: `created admin account ${email} (user ${user.user_id})`,
          promoted: `promoted ${email} (user ${user.user_id}) to admin; its password is unchanged`,
          unchanged: `${email} (user ${user.user_id}) is already an admin; nothing changed`,
        };
        process.stdout.write(`${lines[action]}\n`);
      });
    });

  users
    .command('list')
    .description('the newest users, tab-separated: user_id, kind, role, email, nickname, created_at')
    .option('--limit <n>', 'how many (1 to 10000)', '50')
    .option('--admins', 'admins only')
    .showHelpAfterError()
    .exitOverride()
    .action(async (opts: { limit: string; admins?: boolean }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
        throw new UserError(`--limit: expected an integer from 1 to 10000, got "${opts.limit}"`);
      await withDb('users list', async (db) => {
        const rows = await listUsers(db, { limit, role: opts.admins ? 'admin' : undefined });
        const lines = rows.map((u) => [u.user_id, u.kind, u.role, u.email ?? '-', u.nickname, u.created_at].join('\t'));
        process.stdout.write(['user_id\tkind\trole\temail\tnickname\tcreated_at', ...lines].join('\n') + '\n');
      });
    });
}
