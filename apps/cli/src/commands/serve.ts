import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig } from '@olala/core';

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535');
  return n;
}

interface ServeFlags {
  port?: number;
  host?: string;
}

/** `olala serve`: the app and its API, on the configured database (migrated first). */
export function register(program: Command): void {
  program
    .command('serve')
    .description('serve the app and its API; migrates the database and imports the sample wiki into an empty one')
    .option('--port <n>', 'port to listen on (default: PORT, else 8080; 0 picks a free one)', port)
    .option('--host <address>', 'address to listen on (default: HOST, else 0.0.0.0)')
    .showHelpAfterError()
    .exitOverride()
    .action(async (flags: ServeFlags) => {
      const config = loadConfig();
      // Loaded here so that the other commands do not pay for Fastify.
      const { start } = await import('@olala/server/server');
      await start({ config: { ...config, port: flags.port ?? config.port, host: flags.host ?? config.host } });
    });
}
