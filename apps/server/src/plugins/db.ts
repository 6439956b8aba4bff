import fp from 'fastify-plugin';
import { openDb, type Db, type MigrationStatus } from '@olala/core';
import { closeReadDb, hasReplica, openReadDb } from '@olala/core/db';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db & { migrations?: MigrationStatus };
    /**
     * Wiki reads only (search, pages, status): the read replica when DATABASE_READ_URL is set,
     * else `db` itself. Anything a user writes and reads back (analyses, history, sessions,
     * chat) uses `db`, which a lagging replica could not show yet.
     */
    readDb: Db;
  }
}

/**
 * Opens the app's one database (migrating it) when the app starts and closes it when the app
 * closes; on the embedded back end closing also releases the data-folder lock.
 */
export default fp(
  async (fastify) => {
    const log = { info: (msg: string) => fastify.log.info(msg), warn: (msg: string) => fastify.log.warn(msg) };
    const db = await openDb(fastify.config, { command: 'olala serve', log });
    const readDb = openReadDb(db, fastify.config, { command: 'olala serve', log });
    if (hasReplica(readDb)) fastify.log.info(`wiki reads go to ${readDb.location}`);
    fastify.decorate('db', db);
    fastify.decorate('readDb', readDb);
    fastify.addHook('onClose', async () => {
      await closeReadDb(readDb);
      await db.close();
      fastify.log.info('database closed');
    });
  },
  { name: 'db', dependencies: ['config'] },
);
