import { ConfigError } from '../config.js';

export interface FetchConfig {
  /**
   * Lets URL inputs reach 127.0.0.0/8 and ::1, so tests can fetch from their loopback fakes.
   * Test-only: in production it would let a user's URL reach services on the server's host.
   */
  allowLoopback: boolean;
}

export function loadFetchConfig(env: NodeJS.ProcessEnv = process.env): FetchConfig {
  const raw = (env.OLALA_FETCH_ALLOW_LOOPBACK ?? '').trim().toLowerCase();
  if (!['', '0', '1', 'false', 'true'].includes(raw)) {
    throw new ConfigError('OLALA_FETCH_ALLOW_LOOPBACK', `expected 1 or 0, got "${env.OLALA_FETCH_ALLOW_LOOPBACK}"`);
  }
  return { allowLoopback: raw === '1' || raw === 'true' };
}
