import { readBoolean, type Env } from '../config-readers.js';

export interface FetchConfig {
  /**
   * Lets URL inputs reach 127.0.0.0/8 and ::1, so tests can fetch from their loopback fakes.
   * Test-only: in production it would let a user's URL reach services on the server's host.
   */
  allowLoopback: boolean;
}

export function loadFetchConfig(env: Env = process.env): FetchConfig {
  return { allowLoopback: readBoolean(env, 'OLALA_FETCH_ALLOW_LOOPBACK', false) };
}
