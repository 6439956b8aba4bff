import fp from 'fastify-plugin';
import { openDb, type Db, type MigrationStatus } from '@olala/core';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db & { migrations?: MigrationStatus };
  }
}

/**
 * Opens the app's one database (migrating it) when the app starts and closes it when the app
 * closes; on the embedded back end closing also releases the data-folder lock.
 */
export default fp(
  async (fastify) => {
    const db = await openDb(fastify.config, {
      command: 'olala serve',
      log: { info: (msg) => fastify.log.info(msg), warn: (msg) => fastify.log.warn(msg) },
    });
    fastify.decorate('db', db);
    fastify.addHook('onClose', async () => {
      await db.close();
      fastify.log.info('database closed');
    });
  },
  { name: 'db', dependencies: ['config'] },
);
