import { CommanderError } from 'commander';
import { DataDirLockedError, readBoolean, SchemaTooNewError, UserError } from '@olala/core';

/**
 * The CLI's one exit path for failures: errors the operator can act on print one line and
 * exit 2; anything unexpected prints its message (the stack only with OLALA_DEBUG=1) and exits 1.
 */
export function handleError(err: unknown): never {
  if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : 2);
  const known = err instanceof UserError || err instanceof DataDirLockedError || err instanceof SchemaTooNewError;
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`error: ${message}\n`);
  if (!known && debugStacks() && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  process.exit(err instanceof UserError ? err.exitCode : known ? 2 : 1);
}

/**
 * OLALA_DEBUG through the shared reader, like every other variable. Read here, on the way out,
 * because a command may fail before any config is loaded; a bad value must not hide the error
 * being reported, so it is named as a warning and the stack stays off.
 */
function debugStacks(): boolean {
  try {
    return readBoolean(process.env, 'OLALA_DEBUG', false);
  } catch (err) {
    process.stderr.write(`warning: ${(err as Error).message}\n`);
    return false;
  }
}
