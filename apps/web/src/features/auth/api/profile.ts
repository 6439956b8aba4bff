import type { MeResponse } from '@olala/contract/auth';
import type { UpdateProfileRequest } from '@olala/contract/me';
import { authedRequest, updateIdentityUser } from '../../../lib/auth.js';

/** `GET /v1/me`: the user as the server knows it now (the kept copy may be stale). */
export async function getMe(signal?: AbortSignal): Promise<MeResponse> {
  const user = await authedRequest<MeResponse>('/v1/me', { signal });
  updateIdentityUser(user);
  return user;
}

/** `PATCH /v1/me`: nickname and colour. */
export async function updateProfile(body: UpdateProfileRequest): Promise<MeResponse> {
  const user = await authedRequest<MeResponse>('/v1/me', { method: 'PATCH', body });
  updateIdentityUser(user);
  return user;
}
