import type { ChangePasswordRequest } from '@olala/contract/auth';
import { authedRequest } from '../../../lib/auth.js';

/** `POST /v1/auth/password`: needs the current password; other sessions of the account end. */
export function changePassword(body: ChangePasswordRequest): Promise<void> {
  return authedRequest<void>('/v1/auth/password', { method: 'POST', body });
}
