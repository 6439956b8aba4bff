import { randomUUID } from 'node:crypto';
import {
  EMAIL,
  PASSWORD,
  type AdminUser,
  type AuthSessionResponse,
  type LoginRequest,
  type RegisterRequest,
  type UserProfile,
} from '@olala/contract';
import type { Db, Queryable } from '../db/types.js';
import { UserError } from '../errors.js';
import { randomColor, randomNickname } from './nickname.js';
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from './password.js';
import { cleanNickname, createSession, toProfile, USER_COLUMNS, type UserRow } from './store.js';
import { accountKey, beginLogin, beginRegistration, forgetAttempt, loginSucceeded } from './throttle.js';

/**
 * Accounts: an email and a password on a `users` row. Registering from an anonymous identity
 * converts that row in place; logging in from one moves its history and bookmarks over. Every
 * sign-in hands out a fresh session token and revokes the anonymous ones it replaces, so a
 * token that was only a device secret never becomes a way into an account.
 */

const EMAIL_SHAPE = /^[^\s@\p{Cc}]+@[^\s@\p{Cc}]+\.[^\s@\p{Cc}]+$/u;

/** The stored form (trimmed, NFC, lowercase), or undefined when it is not an email address. */
export function parseEmail(raw: string): string | undefined {
  const email = raw.normalize('NFC').trim().toLowerCase();
  return email.length <= EMAIL.max && EMAIL_SHAPE.test(email) ? email : undefined;
}

function requireEmail(raw: string): string {
  const email = parseEmail(raw);
  if (!email) throw new UserError('이메일(email) 형식이 올바르지 않습니다. 예: name@example.com');
  return email;
}

/** What is wrong with a new password's length, if anything (characters as people count them). */
export function passwordProblem(password: string): 'too_short' | 'too_long' | undefined {
  const n = [...password].length;
  return n < PASSWORD.min ? 'too_short' : n > PASSWORD.max ? 'too_long' : undefined;
}

function requireNewPassword(password: string, field: string): void {
  const problem = passwordProblem(password);
  if (problem === 'too_short') throw new UserError(`비밀번호(${field})는 ${PASSWORD.min}자 이상이어야 합니다.`);
  if (problem === 'too_long') throw new UserError(`비밀번호(${field})는 ${PASSWORD.max}자 이하여야 합니다.`);
}

/** PostgreSQL's unique_violation, as both back ends report it. */
const isUniqueViolation = (err: unknown) => (err as { code?: unknown } | null)?.code === '23505';

async function revokeUserSessions(db: Queryable, userId: string): Promise<void> {
  await db.query('UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [userId]);
}

export type RegisterResult =
  | { ok: true; session: AuthSessionResponse }
  | { ok: false; reason: 'email_taken' | 'already_account' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/** Who is signing in: the client's address (throttles; none from the CLI), the token's user, the clock. */
export interface SignInContext {
  ip?: string;
  current?: UserProfile;
  now?: Date;
}

/**
 * A new account. With `current` anonymous, that user becomes the account (same user_id, its
 * history and bookmarks stay); without, a new user. Either way the user's earlier sessions are
 * revoked and a new one is returned. "Email taken" is the one answer that tells whether an email
 * has an account, so an address gets only a few of them an hour (REGISTER_THROTTLE).
 */
export async function registerAccount(
  db: Db,
  request: RegisterRequest,
  context: SignInContext = {},
): Promise<RegisterResult> {
  const email = requireEmail(request.email);
  requireNewPassword(request.password, 'password');
  const nickname = request.nickname === undefined ? undefined : cleanNickname(request.nickname);
  if (context.current?.kind === 'account') return { ok: false, reason: 'already_account' };
  if (context.ip === undefined) return createAccount(db, email, request.password, nickname, context.current);
  const attempt = await beginRegistration(db, context.ip, context.now);
  if (!attempt.allowed) return { ok: false, reason: 'throttled', retryAfterSeconds: attempt.retryAfterSeconds };
  let taken = false;
  try {
    const result = await createAccount(db, email, request.password, nickname, context.current);
    taken = !result.ok && result.reason === 'email_taken';
    return result;
  } finally {
    if (!taken) await forgetAttempt(db, attempt.id);
  }
}

async function createAccount(
  db: Db,
  email: string,
  password: string,
  nickname: string | undefined,
  current?: UserProfile,
): Promise<RegisterResult> {
  const passwordHash = await hashPassword(password);
  try {
    return await db.transaction(async (tx) => {
      const taken = await tx.query('SELECT 1 FROM users WHERE email = $1', [email]);
      if (taken.rows.length) return { ok: false, reason: 'email_taken' } as const;
      const { rows } = current
        ? await tx.query<UserRow>(
            `UPDATE users AS u SET kind = 'account', email = $2, password_hash = $3, password_changed_at = now(),
                    nickname = coalesce($4, u.nickname)
              WHERE u.user_id = $1 AND u.kind = 'anonymous' RETURNING ${USER_COLUMNS}`,
            [current.user_id, email, passwordHash, nickname ?? null],
          )
        : await tx.query<UserRow>(
            `INSERT INTO users AS u (user_id, kind, nickname, color, email, password_hash, password_changed_at)
             VALUES ($1, 'account', $2, $3, $4, $5, now()) RETURNING ${USER_COLUMNS}`,
            [randomUUID(), nickname ?? randomNickname(), randomColor(), email, passwordHash],
          );
      // The anonymous user turned into an account in a concurrent request.
      if (!rows[0]) return { ok: false, reason: 'already_account' } as const;
      const user = toProfile(rows[0]);
      await revokeUserSessions(tx, user.user_id);
      return { ok: true, session: { ...(await createSession(tx, user.user_id, user.kind)), user } } as const;
    });
  } catch (err) {
    // Two registrations of one email at once: the unique index decides.
    if (isUniqueViolation(err)) return { ok: false, reason: 'email_taken' };
    throw err;
  }
}

export type LoginResult =
  | { ok: true; session: AuthSessionResponse; merged: { history: number; bookmarks: number } }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

type CredentialRow = UserRow & { password_hash: string };

async function findAccount(db: Queryable, email: string): Promise<CredentialRow | undefined> {
  const { rows } = await db.query<CredentialRow>(
    `SELECT ${USER_COLUMNS}, u.password_hash FROM users u WHERE u.email = $1 AND u.kind = 'account'`,
    [email],
  );
  return rows[0];
}

/**
 * Checks `password` under the login throttle. Unknown email and wrong password take the same
 * path and time (a dummy hash is verified, the failure is counted alike), so the answer never
 * tells whether an email exists.
 */
async function checkCredentials(
  db: Queryable,
  email: string,
  password: string,
  context: { ip: string; now?: Date },
): Promise<
  | { ok: true; row: CredentialRow }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number }
> {
  const account = accountKey(email);
  const attempt = await beginLogin(db, account, context.ip, context.now);
  if (!attempt.allowed) return { ok: false, reason: 'throttled', retryAfterSeconds: attempt.retryAfterSeconds };
  const row = await findAccount(db, email);
  const ok = row ? await verifyPassword(password, row.password_hash) : await verifyAgainstDummy(password);
  if (!ok || !row) return { ok: false, reason: 'invalid' };
  await loginSucceeded(db, account, context.ip);
  if (needsRehash(row.password_hash)) {
    await db.query('UPDATE users SET password_hash = $2 WHERE user_id = $1', [
      row.user_id,
      await hashPassword(password),
    ]);
  }
  return { ok: true, row };
}

/**
 * Moves an anonymous user's history and bookmarks to `accountId` and ends its sessions. Rows the
 * account already has stay single; for history the later time wins, as when the account itself
 * asks again (a repeat moves the row to the top).
 */
async function mergeAnonymous(
  tx: Queryable,
  anonymousId: string,
  accountId: string,
): Promise<{ history: number; bookmarks: number }> {
  const history = await tx.query(
    `INSERT INTO history (user_id, analysis_id, created_at)
     SELECT $2, analysis_id, created_at FROM history WHERE user_id = $1
     ON CONFLICT (user_id, analysis_id) DO UPDATE SET created_at = greatest(history.created_at, excluded.created_at)`,
    [anonymousId, accountId],
  );
  const bookmarks = await tx.query(
    `INSERT INTO bookmarks (user_id, analysis_id, created_at)
     SELECT $2, analysis_id, created_at FROM bookmarks WHERE user_id = $1
     ON CONFLICT (user_id, analysis_id) DO NOTHING`,
    [anonymousId, accountId],
  );
  // Article runs (migration 014) move the same way.
  const articleHistory = await tx.query(
    `INSERT INTO article_history (user_id, article_id, created_at)
     SELECT $2, article_id, created_at FROM article_history WHERE user_id = $1
     ON CONFLICT (user_id, article_id) DO UPDATE SET created_at = greatest(article_history.created_at, excluded.created_at)`,
    [anonymousId, accountId],
  );
  const articleBookmarks = await tx.query(
    `INSERT INTO article_bookmarks (user_id, article_id, created_at)
     SELECT $2, article_id, created_at FROM article_bookmarks WHERE user_id = $1
     ON CONFLICT (user_id, article_id) DO NOTHING`,
    [anonymousId, accountId],
  );
  await tx.query('DELETE FROM history WHERE user_id = $1', [anonymousId]);
  await tx.query('DELETE FROM bookmarks WHERE user_id = $1', [anonymousId]);
  await tx.query('DELETE FROM article_history WHERE user_id = $1', [anonymousId]);
  await tx.query('DELETE FROM article_bookmarks WHERE user_id = $1', [anonymousId]);
  // The anonymous row itself stays: its chat messages keep their author.
  await revokeUserSessions(tx, anonymousId);
  return {
    history: history.rowCount + articleHistory.rowCount,
    bookmarks: bookmarks.rowCount + articleBookmarks.rowCount,
  };
}

/**
 * Email + password → a new session. `current` is the user of the token the request carried:
 * when it is an anonymous user, its history and bookmarks move to the account.
 */
export async function login(
  db: Db,
  request: LoginRequest,
  context: SignInContext & { ip: string },
): Promise<LoginResult> {
  const email = requireEmail(request.email);
  const checked = await checkCredentials(db, email, request.password, context);
  if (!checked.ok) return checked;
  const user = toProfile(checked.row);
  return db.transaction(async (tx) => {
    const from = context.current;
    const merged =
      from && from.kind === 'anonymous' && from.user_id !== user.user_id
        ? await mergeAnonymous(tx, from.user_id, user.user_id)
        : { history: 0, bookmarks: 0 };
    return { ok: true, session: { ...(await createSession(tx, user.user_id, user.kind)), user }, merged } as const;
  });
}

export type ChangePasswordResult =
  | { ok: true; revokedSessions: number }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/**
 * Replaces the password after checking the current one (under the login throttle: a stolen
 * session must not become a password oracle). Every other session of the account is revoked;
 * `keepSession` (the caller's) stays.
 */
export async function changePassword(
  db: Db,
  user: UserProfile,
  keepSession: Buffer,
  change: { current_password: string; new_password: string },
  context: { ip: string; now?: Date },
): Promise<ChangePasswordResult> {
  if (user.kind !== 'account')
    throw new UserError('익명 사용자에게는 비밀번호가 없습니다. 먼저 계정을 만들어 주세요(POST /v1/auth/register).');
  requireNewPassword(change.new_password, 'new_password');
  const email = await accountEmail(db, user.user_id);
  if (!email) return { ok: false, reason: 'invalid' };
  const checked = await checkCredentials(db, email, change.current_password, context);
  if (!checked.ok) return checked;
  const passwordHash = await hashPassword(change.new_password);
  return db.transaction(async (tx) => {
    await tx.query('UPDATE users SET password_hash = $2, password_changed_at = now() WHERE user_id = $1', [
      user.user_id,
      passwordHash,
    ]);
    const { rowCount } = await tx.query(
      'UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND token_hash <> $2 AND revoked_at IS NULL',
      [user.user_id, keepSession],
    );
    return { ok: true, revokedSessions: rowCount } as const;
  });
}

/** The account's own email (shown on its profile); undefined for anonymous users. */
export async function accountEmail(db: Queryable, userId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ email: string | null }>('SELECT email FROM users WHERE user_id = $1', [userId]);
  return rows[0]?.email ?? undefined;
}

export type AdminAccount = { user: UserProfile; email: string };

/** The account with this email (already parsed with parseEmail), if any. */
export async function getAccount(db: Queryable, email: string): Promise<AdminAccount | undefined> {
  const row = await findAccount(db, email);
  return row && { user: toProfile(row), email };
}

/**
 * `olala users create-admin`: promotes the account with `email`, or creates it as an admin
 * with `password` (the caller checked both). Promotion leaves the password alone.
 */
export async function createOrPromoteAdmin(
  db: Db,
  email: string,
  password?: string,
): Promise<{ action: 'created' | 'promoted' | 'unchanged'; user: UserProfile }> {
  const existing = await findAccount(db, email);
  if (existing) {
    if (existing.role === 'admin') return { action: 'unchanged', user: toProfile(existing) };
    const { rows } = await db.query<UserRow>(
      `UPDATE users AS u SET role = 'admin' WHERE u.user_id = $1 RETURNING ${USER_COLUMNS}`,
      [existing.user_id],
    );
    return { action: 'promoted', user: toProfile(rows[0]!) };
  }
  if (password === undefined)
    throw new UserError(`no account has the email ${email}, and no password was given to create one`);
  const { rows } = await db.query<UserRow>(
    `INSERT INTO users AS u (user_id, kind, role, nickname, color, email, password_hash, password_changed_at)
     VALUES ($1, 'account', 'admin', $2, $3, $4, $5, now()) RETURNING ${USER_COLUMNS}`,
    [randomUUID(), randomNickname(), randomColor(), email, await hashPassword(password)],
  );
  return { action: 'created', user: toProfile(rows[0]!) };
}

/** Newest users first, for admins (emails included: an admin may need to find an account). */
export async function listUsers(
  db: Queryable,
  options: { limit: number; role?: UserProfile['role'] },
): Promise<AdminUser[]> {
  const { rows } = await db.query<UserRow & { email: string | null; last_seen_at: Date | string }>(
    `SELECT ${USER_COLUMNS}, u.email, u.last_seen_at FROM users u
      WHERE $2::text IS NULL OR u.role = $2
      ORDER BY u.created_at DESC, u.user_id DESC LIMIT $1`,
    [options.limit, options.role ?? null],
  );
  return rows.map((r) => ({ ...toProfile(r), email: r.email, last_seen_at: new Date(r.last_seen_at).toISOString() }));
}
