import type { AuthSessionResponse } from '@olala/contract/auth';
import { ApiError, request } from '../../../lib/api-client.js';
import { currentIdentity, setIdentity, type Identity } from '../../../lib/auth.js';

/**
 * Register and login: the device's anonymous token goes along, so the server carries its user's
 * history and bookmarks over to the account; the account's session then replaces it here. A
 * device token the server no longer accepts (401) only means there is nothing to carry over.
 */
export async function openSession(path: '/v1/auth/login' | '/v1/auth/register', body: object): Promise<Identity> {
  const device = currentIdentity();
  const token = device?.user.kind === 'anonymous' ? device.token : undefined;
  const call = (auth?: string) =>
    request<AuthSessionResponse>(path, {
      method: 'POST',
      body,
      headers: auth ? { authorization: `Bearer ${auth}` } : {},
    });
  let session: AuthSessionResponse;
  try {
    session = await call(token);
  } catch (err) {
    if (!(token && err instanceof ApiError && err.status === 401 && err.code === 'UNAUTHORIZED')) throw err;
    session = await call();
  }
  setIdentity(session);
  return session;
}
