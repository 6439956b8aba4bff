import type { MeResponse } from '@olala/contract/auth';
import { authedRequest, updateIdentityUser } from '../../../lib/auth.js';

/** `GET /v1/me`: the role as the server knows it now (the kept copy may predate a promotion or demotion). */
export async function getMe(signal?: AbortSignal): Promise<MeResponse> {
  const user = await authedRequest<MeResponse>('/v1/me', { signal });
  updateIdentityUser(user);
  return user;
}
