import fp from 'fastify-plugin';
import { loadConfig, type Config } from '@olala/core';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
  }
}

export interface ConfigPluginOptions {
  /** Tests and `olala serve --port` pass their own; otherwise read (and validated) from the environment. */
  config?: Config;
}

export default fp<ConfigPluginOptions>(
  async (fastify, opts) => {
    fastify.decorate('config', opts.config ?? loadConfig());
  },
  { name: 'config' },
);
