import type { RegisterRequest } from '@olala/contract/auth';
import type { Identity } from '../../../lib/auth.js';
import { openSession } from './session.js';

/** `POST /v1/auth/register`: this device's anonymous user becomes the account (same id, nickname, history). */
export function register(body: RegisterRequest): Promise<Identity> {
  const { email, password, nickname } = body;
  return openSession('/v1/auth/register', { email: email.trim(), password, ...(nickname ? { nickname } : {}) });
}
