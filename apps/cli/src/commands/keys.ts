import { InvalidArgumentError, type Command } from 'commander';
import { UserError } from '@olala/core';
import { API_KEY_LIMITS, createApiKey, listApiKeys, revokeApiKey } from '@olala/core/identity';
import { withDb } from '../lib/db.js';

/** `120`, `120/min` or `120/m`: claims per minute. */
function ratePerMinute(value: string): number {
  const m = /^(\d+)(?:\/m(?:in)?)?$/.exec(value.trim());
  const n = m ? Number(m[1]) : NaN;
  if (!(n >= API_KEY_LIMITS.rate.min && n <= API_KEY_LIMITS.rate.max)) {
    throw new InvalidArgumentError(
      `expected claims per minute from ${API_KEY_LIMITS.rate.min} to ${API_KEY_LIMITS.rate.max}, as 120 or 120/min`,
    );
  }
  return n;
}

/** `olala keys create | list | revoke`: API keys for integrations (`Authorization: Bearer olk_…`). */
export function register(program: Command): void {
  const keys = program
    .command('keys')
    .description('API keys for integrations: create, list, revoke')
    .showHelpAfterError()
    .exitOverride();
  keys
    .command('create')
    .description('create an API key and print it once (only its hash is stored)')
    .requiredOption('--name <name>', 'who or what uses it, e.g. "newsroom CMS"')
    .option(
      '--rate <R/min>',
      `verification claims per minute, single checks and batch claims together (default ${API_KEY_LIMITS.rate.default})`,
      ratePerMinute,
    )
    .showHelpAfterError()
    .exitOverride()
    .action(async (opts: { name: string; rate?: number }) => {
      await withDb('keys create', async (db) => {
        const { key, apiKey } = await createApiKey(db, { name: opts.name, ratePerMin: opts.rate });
        // The key alone on stdout, so `KEY=$(olala keys create …)` works; the rest is for the operator.
        process.stdout.write(`${key}\n`);
        process.stderr.write(
          `created API key "${apiKey.name}" (id ${apiKey.key_id}, prefix ${apiKey.prefix}, ${apiKey.rate_per_min} claims per minute)\n` +
            'store it now: it is shown only this once. Send it as `Authorization: Bearer <key>`; revoke with `olala keys revoke ' +
            `${apiKey.prefix}\`\n`,
        );
      });
    });

  keys
    .command('list')
    .description(
      'every key, newest first, tab-separated: prefix, name, rate_per_min, created_at, last_used_at, revoked_at, key_id',
    )
    .showHelpAfterError()
    .exitOverride()
    .action(async () => {
      await withDb('keys list', async (db) => {
        const rows = await listApiKeys(db);
        const lines = rows.map((k) =>
          [k.prefix, k.name, k.rate_per_min, k.created_at, k.last_used_at ?? '-', k.revoked_at ?? '-', k.key_id].join(
            '\t',
          ),
        );
        process.stdout.write(
          ['prefix\tname\trate_per_min\tcreated_at\tlast_used_at\trevoked_at\tkey_id', ...lines].join('\n') + '\n',
        );
      });
    });

  keys
    .command('revoke')
    .description('revoke a key at once: requests with it get 401')
    .argument('<prefix|id>', 'the prefix (olk_…) or key_id that `olala keys list` shows')
    .showHelpAfterError()
    .exitOverride()
    .action(async (which: string) => {
      await withDb('keys revoke', async (db) => {
        const revoked = await revokeApiKey(db, which.trim());
        if (!revoked) throw new UserError(`no API key with prefix or id "${which}"; see \`olala keys list\``);
        const { apiKey } = revoked;
        process.stdout.write(
          revoked.already
            ? `API key ${apiKey.prefix} ("${apiKey.name}") was already revoked at ${apiKey.revoked_at}; nothing changed\n`
            : `revoked API key ${apiKey.prefix} ("${apiKey.name}")\n`,
        );
      });
    });
}
