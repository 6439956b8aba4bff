import { createHash } from 'node:crypto';
import { isIPv6 } from 'node:net';
import type { Queryable } from '../db/types.js';

/**
 * Sign-in throttles, counted in the database (`auth_attempts`, migration 009) so every server
 * process sees the same numbers. Login failures count per account AND client address: a guesser
 * makes their own address wait longer and longer, never the account's owner at theirs. An
 * attempt is written BEFORE the password is checked: with K requests racing, each counts the
 * others' rows, so racing buys no extra tries. Success and refusal remove the attempt's row, so
 * only failures (and, for registration, "email taken" answers) stay; asking while refused does
 * not make the wait longer. Times come from the caller's clock (`now`), so tests move a clock
 * instead of sleeping.
 */
export const LOGIN_THROTTLE = {
  /** Failures of one account from one address before any wait: a few typos cost nothing. */
  freeFailures: 3,
  /** The wait once those are spent; it doubles with every further failure… */
  firstDelaySeconds: 2,
  /** …up to this: a hard lock no longer, and one address gets about four guesses an hour. */
  maxDelaySeconds: 15 * 60,
  /** How long a failure counts: a slow guesser stays at the longest delay for a day. */
  failureWindowSeconds: 24 * 3600,
  /** Accounts one address may fail on in the window before every login from it waits (credential stuffing). */
  addressAccounts: { max: 20, windowSeconds: 15 * 60 },
};

/**
 * "Email taken" answers per address. Registration must tell a taken email (it returns a session
 * otherwise), so that answer is rationed: a few an hour is plenty for a person who forgot they
 * had an account, and makes checking a list of emails impractical.
 */
export const REGISTER_THROTTLE = { max: 5, windowSeconds: 3600 };

const LONGEST_WINDOW = Math.max(
  LOGIN_THROTTLE.failureWindowSeconds,
  LOGIN_THROTTLE.addressAccounts.windowSeconds,
  REGISTER_THROTTLE.windowSeconds,
);

/** The account key: a hash, so the table is no list of the emails people typed. */
export function accountKey(email: string): string {
  return createHash('sha256').update(email, 'utf8').digest('hex');
}

/**
 * The address a throttle counts: IPv4 as it is, IPv6 by its /64. A home line or a rented server
 * gets a whole /64, so counting single IPv6 addresses would hand a guesser endless fresh starts.
 */
export function clientKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  // Not an address at all (a forged X-Forwarded-For behind a too-trusting proxy setting): bounded, never a 500.
  if (!isIPv6(ip)) return ip.slice(0, 100);
  const [head = '', tail] = ip.replace(/%.*$/, '').split('::');
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  // An embedded IPv4 (64:ff9b::1.2.3.4) fills the last two groups; only the first four matter here.
  const size = (part: string[]) => part.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const left = groups(head);
  const right = groups(tail);
  const full =
    tail === undefined ? left : [...left, ...Array<string>(8 - size(left) - size(right)).fill('0'), ...right];
  return `${full
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

/** The wait after `failures` failures of one account from one address. */
export function loginDelaySeconds(failures: number, limits = LOGIN_THROTTLE): number {
  if (failures < limits.freeFailures) return 0;
  return Math.min(limits.firstDelaySeconds * 2 ** (failures - limits.freeFailures), limits.maxDelaySeconds);
}

export type Attempt = { allowed: true; id: string } | { allowed: false; retryAfterSeconds: number };

/**
 * Seconds until a rolling window of `windowSeconds` holds at most `max` entries, given each
 * entry's age in seconds, oldest first; 0 when it already does.
 */
function windowWait(agesOldestFirst: number[], max: number, windowSeconds: number): number {
  if (agesOldestFirst.length <= max) return 0;
  return Math.max(Math.ceil(windowSeconds - agesOldestFirst[agesOldestFirst.length - max - 1]!), 1);
}

async function record(
  db: Queryable,
  action: 'login' | 'register',
  address: string,
  account: string | null,
  now: Date,
): Promise<string> {
  // Rows older than every window go here, so the table stays as small as the current windows.
  await db.query('DELETE FROM auth_attempts WHERE attempted_at < $1::timestamptz - make_interval(secs => $2)', [
    now,
    LONGEST_WINDOW,
  ]);
  const { rows } = await db.query<{ id: string }>(
    'INSERT INTO auth_attempts (action, address, account, attempted_at) VALUES ($1, $2, $3, $4) RETURNING attempt_id::text AS id',
    [action, address, account, now],
  );
  return rows[0]!.id;
}

/** Removes an attempt that told nothing: a success, a refusal, an error. */
export async function forgetAttempt(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM auth_attempts WHERE attempt_id = $1', [id]);
}

async function refuse(db: Queryable, id: string, retryAfterSeconds: number): Promise<Attempt> {
  await forgetAttempt(db, id);
  return { allowed: false, retryAfterSeconds };
}

/**
 * Records a login attempt for `account` (accountKey) from `ip` (counted by clientKey); refused while the pair's
 * delay runs or while the address has failed on too many accounts. The row stays as a failure
 * unless loginSucceeded or forgetAttempt removes it.
 */
export async function beginLogin(
  db: Queryable,
  account: string,
  ip: string,
  now = new Date(),
  limits = LOGIN_THROTTLE,
): Promise<Attempt> {
  const address = clientKey(ip);
  const id = await record(db, 'login', address, account, now);
  const pair = await db.query<{ n: number; since: number | null }>(
    `SELECT count(*)::int AS n, extract(epoch FROM $4::timestamptz - max(attempted_at))::float8 AS since
       FROM auth_attempts
      WHERE action = 'login' AND account = $1 AND address = $2 AND attempt_id <> $3
        AND attempted_at > $4::timestamptz - make_interval(secs => $5)`,
    [account, address, id, now, limits.failureWindowSeconds],
  );
  const { n, since } = pair.rows[0]!;
  const pairWait = since === null ? 0 : Math.ceil(loginDelaySeconds(n, limits) - since);
  if (pairWait > 0) return refuse(db, id, pairWait);

  const { max, windowSeconds } = limits.addressAccounts;
  // Each account's latest failure from this address (this attempt included), oldest first.
  const accounts = await db.query<{ age: number }>(
    `SELECT extract(epoch FROM $2::timestamptz - max(attempted_at))::float8 AS age
       FROM auth_attempts
      WHERE action = 'login' AND address = $1 AND attempted_at > $2::timestamptz - make_interval(secs => $3)
      GROUP BY account ORDER BY age DESC`,
    [address, now, windowSeconds],
  );
  const addressWait = windowWait(
    accounts.rows.map((r) => r.age),
    max,
    windowSeconds,
  );
  return addressWait > 0 ? refuse(db, id, addressWait) : { allowed: true, id };
}

/** The right password: the pair's failures go (this attempt's row with them); other addresses' stay. */
export async function loginSucceeded(db: Queryable, account: string, ip: string): Promise<void> {
  await db.query("DELETE FROM auth_attempts WHERE action = 'login' AND account = $1 AND address = $2", [
    account,
    clientKey(ip),
  ]);
}

/**
 * Records a registration from `ip`; refused once the address has had `max` "email taken"
 * answers in the window. The caller forgets the row unless the answer was "email taken".
 */
export async function beginRegistration(
  db: Queryable,
  ip: string,
  now = new Date(),
  limits = REGISTER_THROTTLE,
): Promise<Attempt> {
  const address = clientKey(ip);
  const id = await record(db, 'register', address, null, now);
  const { rows } = await db.query<{ age: number }>(
    `SELECT extract(epoch FROM $2::timestamptz - attempted_at)::float8 AS age
       FROM auth_attempts
      WHERE action = 'register' AND address = $1 AND attempted_at > $2::timestamptz - make_interval(secs => $3)
      ORDER BY age DESC`,
    [address, now, limits.windowSeconds],
  );
  const wait = windowWait(
    rows.map((r) => r.age),
    limits.max,
    limits.windowSeconds,
  );
  return wait > 0 ? refuse(db, id, wait) : { allowed: true, id };
}
