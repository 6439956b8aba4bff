import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

type PgServerModule = {
  startPostgres(o?: { settings?: Record<string, string> }): Promise<{ url: string; stop: () => void }>;
};

/** DATABASE_URL's server when set, else a throwaway one (scripts/pg-server.mjs) that `stop` removes. */
export async function postgresServer(log: (msg: string) => void): Promise<{ url: string; stop: () => void }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop() {} };
  const { startPostgres } = (await import(path.join(ROOT, 'scripts', 'pg-server.mjs'))) as PgServerModule;
  log('starting a throwaway PostgreSQL …');
  return startPostgres();
}

/** An empty database `name` on that server (dropped first if a previous run left it). */
export async function freshDatabase(
  serverUrl: string,
  name: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
