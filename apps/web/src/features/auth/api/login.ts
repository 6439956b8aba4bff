import type { LoginRequest } from '@olala/contract/auth';
import type { Identity } from '../../../lib/auth.js';
import { openSession } from './session.js';

/** `POST /v1/auth/login`: this device's anonymous history and bookmarks move to the account. */
export function login(body: LoginRequest): Promise<Identity> {
  return openSession('/v1/auth/login', { email: body.email.trim(), password: body.password });
}
