import type { AnonymousIdentityResponse, UserProfile } from '@olala/contract/me';
import { ApiError, request, send, type RequestOptions } from './api-client.js';
import { load, remove, save } from './storage.js';
import { createStore, useStore } from './store.js';

/**
 * The device's anonymous identity: a server-issued token kept in localStorage and sent as
 * `Authorization: Bearer`. History and bookmarks belong to the server's user, not to this
 * device, so linking an account later carries them over.
 */
export interface Identity {
  token: string;
  expires_at: string;
  user: UserProfile;
}

const KEY = 'identity';
let pending: Promise<Identity> | undefined;

/** Bumped whenever the kept identity changes (login, logout, renewal), so screens redraw. */
const changes = createStore(0);

export function currentIdentity(): Identity | undefined {
  const id = load<Identity | undefined>(KEY, undefined);
  if (!id || Date.parse(id.expires_at) <= Date.now()) return undefined;
  return id;
}

/** The kept identity, redrawn on login, logout and profile changes. */
export function useIdentity(): Identity | undefined {
  useStore(changes);
  return currentIdentity();
}

export function forgetIdentity(): void {
  remove(KEY);
  changes.set((n) => n + 1);
}

/**
 * Keeps a session the server issued (anonymous, or an account's after login) in place of the
 * current one; every later call goes as that user.
 */
export function setIdentity(id: Identity): void {
  save(KEY, id);
  changes.set((n) => n + 1);
}

/** The same session with the user as the server now describes it (after a profile change). */
export function updateIdentityUser(user: UserProfile): void {
  const id = currentIdentity();
  if (id) setIdentity({ ...id, user });
}

/** The kept identity, or a new one from the server (asked once, however many callers wait). */
export function ensureIdentity(): Promise<Identity> {
  const kept = currentIdentity();
  if (kept) return Promise.resolve(kept);
  pending ??= request<AnonymousIdentityResponse>('/v1/identity/anonymous', { method: 'POST', body: {} })
    .then((res) => {
      setIdentity(res);
      return res;
    })
    .finally(() => {
      pending = undefined;
    });
  return pending;
}

/** Headers for a call on the user's behalf; none when no identity can be had (the call goes anonymous). */
export async function authHeaders(): Promise<Record<string, string>> {
  try {
    const id = await ensureIdentity();
    return { authorization: `Bearer ${id.token}` };
  } catch {
    return {};
  }
}

/** Only the auth plugin's own refusal means the session is dead (a wrong password is a 401 too). */
export function isDeadSession(err: unknown): boolean {
  return err instanceof ApiError && err.status === 401 && err.code === 'UNAUTHORIZED';
}

/** A request as the user. A token the server no longer knows (401) is replaced once. */
export async function authedSend(path: string, options: RequestOptions = {}): Promise<Response> {
  const id = await ensureIdentity();
  try {
    return await send(path, { ...options, headers: { ...options.headers, authorization: `Bearer ${id.token}` } });
  } catch (err) {
    if (!isDeadSession(err)) throw err;
    forgetIdentity();
    const fresh = await ensureIdentity();
    return send(path, { ...options, headers: { ...options.headers, authorization: `Bearer ${fresh.token}` } });
  }
}

export async function authedRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const res = await authedSend(path, options);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}
