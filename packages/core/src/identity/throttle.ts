import { createHash } from 'node:crypto';
import type { Queryable } from '../db/types.js';

/**
 * Login attempts per account and per client address, counted in the database so every server
 * process sees the same numbers. An attempt is recorded BEFORE the password is checked: with K
 * requests racing, the k-th to commit counts at least k rows, so at most `max` of them get to
 * try. The row is removed when the attempt succeeds or is refused, so only failures stay.
 */
export interface ThrottleLimit {
  max: number;
  windowSeconds: number;
}

export const LOGIN_LIMITS: Record<'account' | 'ip', ThrottleLimit> = {
  /** Wrong passwords for one email: a guesser gets 5 tries per 15 minutes. */
  account: { max: 5, windowSeconds: 15 * 60 },
  /** Failures from one address over all emails: spraying one password over many accounts. */
  ip: { max: 20, windowSeconds: 15 * 60 },
};

export interface ThrottleKey {
  scope: 'account' | 'ip';
  key: string;
}

/** The account key: a hash, so the table is no list of the addresses people typed. */
export function accountKey(email: string): ThrottleKey {
  return { scope: 'account', key: createHash('sha256').update(email, 'utf8').digest('hex') };
}

export const ipKey = (ip: string): ThrottleKey => ({ scope: 'ip', key: ip });

export type Attempt = { allowed: true; ids: string[] } | { allowed: false; retryAfterSeconds: number };

const LONGEST_WINDOW = Math.max(...Object.values(LOGIN_LIMITS).map((l) => l.windowSeconds));

/** Records an attempt under every key; refused (and forgotten) when any key is over its limit. */
export async function beginAttempt(db: Queryable, keys: ThrottleKey[], limits = LOGIN_LIMITS): Promise<Attempt> {
  // Old rows of every key go here, so the table stays as small as the current window.
  await db.query('DELETE FROM login_attempts WHERE attempted_at < now() - make_interval(secs => $1)', [LONGEST_WINDOW]);
  const ids: string[] = [];
  for (const k of keys) {
    const { rows } = await db.query<{ id: string }>('INSERT INTO login_attempts (scope, key) VALUES ($1, $2) RETURNING attempt_id::text AS id', [k.scope, k.key]);
    ids.push(rows[0]!.id);
  }
  let retryAfterSeconds = 0;
  for (const k of keys) {
    const limit = limits[k.scope];
    // Seconds until each attempt in the window leaves it, oldest first.
    const { rows } = await db.query<{ left: number }>(
      `SELECT ceil(extract(epoch FROM attempted_at + make_interval(secs => $3) - now()))::int AS left
         FROM login_attempts
        WHERE scope = $1 AND key = $2 AND attempted_at > now() - make_interval(secs => $3)
        ORDER BY attempted_at`,
      [k.scope, k.key, limit.windowSeconds],
    );
    if (rows.length <= limit.max) continue;
    // Without this attempt's row there are rows.length - 1; the next is allowed once
    // rows.length - max of them have left the window.
    retryAfterSeconds = Math.max(retryAfterSeconds, rows[rows.length - limit.max - 1]!.left, 1);
  }
  if (retryAfterSeconds === 0) return { allowed: true, ids };
  await forget(db, ids);
  return { allowed: false, retryAfterSeconds };
}

/** A successful attempt: its rows go, and the account's earlier failures with them. */
export async function attemptSucceeded(db: Queryable, ids: string[], account?: ThrottleKey): Promise<void> {
  await forget(db, ids);
  if (account) await db.query('DELETE FROM login_attempts WHERE scope = $1 AND key = $2', [account.scope, account.key]);
}

async function forget(db: Queryable, ids: string[]): Promise<void> {
  if (ids.length) await db.query('DELETE FROM login_attempts WHERE attempt_id = ANY($1::bigint[])', [ids]);
}
