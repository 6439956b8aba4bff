import { CommanderError } from 'commander';
import { DataDirLockedError, SchemaTooNewError, UserError } from '@olala/core';

/**
 * The CLI's one exit path for failures: errors the operator can act on print one line and
 * exit 2; anything unexpected prints its message (the stack only with OLALA_DEBUG=1) and exits 1.
 */
export function handleError(err: unknown): never {
  if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : 2);
  const known = err instanceof UserError || err instanceof DataDirLockedError || err instanceof SchemaTooNewError;
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`error: ${message}\n`);
  if (!known && process.env.OLALA_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  process.exit(err instanceof UserError ? err.exitCode : known ? 2 : 1);
}
