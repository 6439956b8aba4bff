import { request } from '../../../lib/api-client.js';
import { currentIdentity, forgetIdentity } from '../../../lib/auth.js';

/**
 * `POST /v1/auth/logout`: the server revokes the session. The device forgets it either way (a
 * dead network must not keep someone logged in) and gets a new anonymous identity when next needed.
 */
export async function logout(): Promise<void> {
  const id = currentIdentity();
  try {
    if (id)
      await request<void>('/v1/auth/logout', { method: 'POST', headers: { authorization: `Bearer ${id.token}` } });
  } finally {
    forgetIdentity();
  }
}
