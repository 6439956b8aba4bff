import { randomBytes, randomUUID } from 'node:crypto';
import { hasControlChars } from '@olala/contract';
import type { Db, Queryable } from '../db/types.js';
import { UserError } from '../errors.js';
import { hashToken, isWellFormedToken } from './tokens.js';

/**
 * API keys for integrations: `olk_` + 32 random bytes in base64url (47 characters). Like a
 * session token it is 256 random bits, so its SHA-256 is all we keep (see tokens.ts). The
 * prefix tells it from a session token (43 characters, no prefix) before any lookup.
 */
const KEY_PREFIX = 'olk_';
const KEY_PATTERN = /^olk_[A-Za-z0-9_-]{43}$/;
/** `olk_` and 8 characters of the key: enough to tell keys apart, useless for calling the API. */
const SHOWN_PREFIX_LENGTH = 12;

export const API_KEY_LIMITS = {
  name: { min: 1, max: 100 },
  rate: { min: 1, max: 10_000, default: 60 },
} as const;

/** The budget of a caller without a key: the truth routes' 30 per minute per address. */
export const ANONYMOUS_CLAIMS_PER_MINUTE = 30;

export interface ApiKey {
  key_id: string;
  name: string;
  prefix: string;
  rate_per_min: number;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/**
 * Meant as an API key, not a session token: decides which check a bearer token gets. A session
 * token is 43 base64url characters and may itself begin with `olk_`, so a well-formed one never counts.
 */
export function isApiKeyToken(token: string): boolean {
  return token.startsWith(KEY_PREFIX) && !isWellFormedToken(token);
}

type KeyRow = {
  key_id: string;
  name: string;
  prefix: string;
  rate_per_min: number;
  created_at: Date | string;
  last_used_at: Date | string | null;
  revoked_at: Date | string | null;
};

const COLUMNS = 'key_id::text AS key_id, name, prefix, rate_per_min, created_at, last_used_at, revoked_at';
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function toApiKey(row: KeyRow): ApiKey {
  return {
    ...row,
    created_at: iso(row.created_at)!,
    last_used_at: iso(row.last_used_at),
    revoked_at: iso(row.revoked_at),
  };
}

function cleanName(raw: string): string {
  if (hasControlChars(raw))
    throw new UserError('--name: one line without control characters (tabs and line breaks included)');
  const name = raw.normalize('NFC').trim();
  const length = [...name].length;
  if (length < API_KEY_LIMITS.name.min || length > API_KEY_LIMITS.name.max) {
    throw new UserError(`--name: ${API_KEY_LIMITS.name.min} to ${API_KEY_LIMITS.name.max} characters, got ${length}`);
  }
  return name;
}

/** A new key: the returned `key` exists nowhere else (the table keeps its hash). */
export async function createApiKey(
  db: Queryable,
  input: { name: string; ratePerMin?: number },
): Promise<{ key: string; apiKey: ApiKey }> {
  const rate = input.ratePerMin ?? API_KEY_LIMITS.rate.default;
  if (!Number.isInteger(rate) || rate < API_KEY_LIMITS.rate.min || rate > API_KEY_LIMITS.rate.max) {
    throw new UserError(
      `--rate: an integer from ${API_KEY_LIMITS.rate.min} to ${API_KEY_LIMITS.rate.max} claims per minute, got ${rate}`,
    );
  }
  const name = cleanName(input.name);
  const key = KEY_PREFIX + randomBytes(32).toString('base64url');
  const { rows } = await db.query<KeyRow>(
    `INSERT INTO api_keys (key_id, name, prefix, key_hash, rate_per_min) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
    [randomUUID(), name, key.slice(0, SHOWN_PREFIX_LENGTH), hashToken(key), rate],
  );
  return { key, apiKey: toApiKey(rows[0]!) };
}

export async function listApiKeys(db: Queryable): Promise<ApiKey[]> {
  const { rows } = await db.query<KeyRow>(`SELECT ${COLUMNS} FROM api_keys ORDER BY created_at DESC, key_id`);
  return rows.map(toApiKey);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Revokes the key named by its prefix (`olk_…`, as listed) or id. `undefined` when no key has
 * that name; a key revoked before keeps its first revocation time.
 */
export async function revokeApiKey(
  db: Queryable,
  prefixOrId: string,
): Promise<{ apiKey: ApiKey; already: boolean } | undefined> {
  const byId = UUID.test(prefixOrId);
  const { rows } = await db.query<KeyRow & { already: boolean }>(
    `WITH target AS (SELECT key_id, revoked_at IS NOT NULL AS already FROM api_keys WHERE ${byId ? 'key_id = $1::uuid' : 'prefix = $1'})
     UPDATE api_keys k SET revoked_at = coalesce(k.revoked_at, now()) FROM target WHERE k.key_id = target.key_id
     RETURNING k.key_id::text AS key_id, k.name, k.prefix, k.rate_per_min, k.created_at, k.last_used_at, k.revoked_at, target.already`,
    [prefixOrId],
  );
  const row = rows[0];
  return row && { apiKey: toApiKey(row), already: row.already };
}

export type ApiKeyLookup = { ok: true; apiKey: ApiKey } | { ok: false; reason: 'unknown' | 'revoked' };

/** `last_used_at` moves at most this often: not a write per request. */
const TOUCH_INTERVAL_SECONDS = 60;

/** The live key a bearer token is, if any. */
export async function lookupApiKey(db: Queryable, token: string): Promise<ApiKeyLookup> {
  if (!KEY_PATTERN.test(token)) return { ok: false, reason: 'unknown' };
  const hash = hashToken(token);
  const { rows } = await db.query<KeyRow & { stale: boolean }>(
    `SELECT ${COLUMNS}, last_used_at IS NULL OR last_used_at < now() - make_interval(secs => $2) AS stale FROM api_keys WHERE key_hash = $1`,
    [hash, TOUCH_INTERVAL_SECONDS],
  );
  const row = rows[0];
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.revoked_at !== null) return { ok: false, reason: 'revoked' };
  const { stale, ...key } = row;
  if (stale) {
    const touched = await db.query<{ last_used_at: Date | string }>(
      'UPDATE api_keys SET last_used_at = now() WHERE key_id = $1 RETURNING last_used_at',
      [row.key_id],
    );
    key.last_used_at = touched.rows[0]?.last_used_at ?? key.last_used_at;
  }
  return { ok: true, apiKey: toApiKey(key) };
}

export interface BudgetGrant {
  /** How many of the asked units were granted (0 … n). */
  granted: number;
  /** Seconds until the next unit is free; 0 when every asked unit was granted. */
  retryAfterSeconds: number;
}

/** The budget row of a key, or of an anonymous client address (identity/throttle.ts `clientKey`). */
export const budgetSubject = (who: { apiKey: ApiKey } | { address: string }) =>
  'apiKey' in who ? `key:${who.apiKey.key_id}` : `ip:${who.address}`;

const WINDOW_MS = 60_000;

/**
 * Takes up to `n` units of a budget of `perMinute` per minute (GCRA: a full minute's worth may
 * be spent at once, then it refills at one unit every 60/perMinute seconds). Atomic per subject
 * across processes (row lock). `now` is the server's clock (`fastify.now`), so tests can hold it still.
 */
export async function takeBudget(
  db: Db,
  subject: string,
  n: number,
  perMinute: number,
  now: Date = new Date(),
): Promise<BudgetGrant> {
  const interval = WINDOW_MS / perMinute;
  const nowMs = now.getTime();
  // Rows long refilled are as good as absent; locked ones are skipped, so pruning never waits on a taker.
  await db.query(
    `DELETE FROM api_budgets WHERE subject IN (SELECT subject FROM api_budgets WHERE tat < $1::timestamptz - interval '10 minutes' LIMIT 100 FOR UPDATE SKIP LOCKED)`,
    [now.toISOString()],
  );
  return db.transaction(async (tx) => {
    await tx.query('INSERT INTO api_budgets (subject, tat) VALUES ($1, $2) ON CONFLICT (subject) DO NOTHING', [
      subject,
      now.toISOString(),
    ]);
    const { rows } = await tx.query<{ tat_ms: number }>(
      'SELECT extract(epoch FROM tat) * 1000 AS tat_ms FROM api_budgets WHERE subject = $1 FOR UPDATE',
      [subject],
    );
    const base = Math.max(Number(rows[0]!.tat_ms), nowMs);
    // Units whose arrival stays within a minute of now; the small epsilon absorbs float rounding.
    const granted = Math.max(0, Math.min(n, Math.floor((nowMs + WINDOW_MS - base) / interval + 1e-9)));
    if (granted > 0)
      await tx.query('UPDATE api_budgets SET tat = $2 WHERE subject = $1', [
        subject,
        new Date(base + granted * interval).toISOString(),
      ]);
    const next = base + granted * interval + interval - WINDOW_MS;
    return { granted, retryAfterSeconds: granted === n ? 0 : Math.max(1, Math.ceil((next - nowMs) / 1000)) };
  });
}
