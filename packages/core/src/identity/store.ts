import { randomUUID } from 'node:crypto';
import type { AnonymousIdentityResponse, UpdateProfileRequest, UserProfile } from '@olala/contract';
import type { Db, Queryable } from '../db/types.js';
import { UserError } from '../errors.js';
import { assertNicknameAvailable, randomColor, randomNickname } from './nickname.js';
import { hashToken, isWellFormedToken, newToken } from './tokens.js';

/**
 * How long a session lives after its last use. Anonymous sessions are the user's only way back
 * to their history, so they live long; accounts can log in again, so theirs are shorter.
 */
export const SESSION_TTL_SECONDS: Record<UserProfile['kind'], number> = {
  anonymous: 365 * 86_400,
  account: 30 * 86_400,
};

/** A used session's expiry and the user's last_seen_at move at most this often: not a write per request. */
const TOUCH_INTERVAL_SECONDS = 3600;

export type UserRow = {
  user_id: string;
  nickname: string;
  color: string;
  kind: UserProfile['kind'];
  role: UserProfile['role'];
  created_at: Date | string;
};

export const USER_COLUMNS = 'u.user_id::text AS user_id, u.nickname, u.color, u.kind, u.role, u.created_at';

export function toProfile(row: UserRow): UserProfile {
  return {
    user_id: row.user_id,
    nickname: row.nickname,
    color: row.color,
    kind: row.kind,
    role: row.role,
    created_at: new Date(row.created_at).toISOString(),
  };
}

export interface NewSession {
  token: string;
  expires_at: string;
}

/** A new session for `userId`; the returned token exists nowhere else. */
export async function createSession(db: Queryable, userId: string, kind: UserProfile['kind']): Promise<NewSession> {
  const token = newToken();
  const { rows } = await db.query<{ expires_at: Date | string }>(
    `INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))
     RETURNING expires_at`,
    [hashToken(token), userId, SESSION_TTL_SECONDS[kind]],
  );
  return { token, expires_at: new Date(rows[0]!.expires_at).toISOString() };
}

/** A new anonymous user with a random nickname and colour, and its first session. */
export async function createAnonymousUser(db: Db): Promise<AnonymousIdentityResponse> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<UserRow>(
      `INSERT INTO users AS u (user_id, kind, nickname, color) VALUES ($1, 'anonymous', $2, $3) RETURNING ${USER_COLUMNS}`,
      [randomUUID(), randomNickname(), randomColor()],
    );
    const user = toProfile(rows[0]!);
    return { ...(await createSession(tx, user.user_id, user.kind)), user };
  });
}

export interface AuthSession {
  /** Identifies the session without the token (to revoke it on logout). */
  tokenHash: Buffer;
  expiresAt: string;
}

export type AuthResult =
  { ok: true; user: UserProfile; session: AuthSession } | { ok: false; reason: 'invalid' | 'expired' | 'revoked' };

/** The user a bearer token belongs to, if the session is live; refreshes a session in use. */
export async function authenticate(db: Queryable, token: string): Promise<AuthResult> {
  if (!isWellFormedToken(token)) return { ok: false, reason: 'invalid' };
  const tokenHash = hashToken(token);
  const { rows } = await db.query<
    UserRow & { expires_at: Date | string; revoked: boolean; expired: boolean; stale: boolean }
  >(
    `SELECT ${USER_COLUMNS}, s.expires_at, s.revoked_at IS NOT NULL AS revoked, s.expires_at <= now() AS expired,
            s.last_used_at < now() - make_interval(secs => $2) AS stale
       FROM sessions s JOIN users u ON u.user_id = s.user_id
      WHERE s.token_hash = $1`,
    [tokenHash, TOUCH_INTERVAL_SECONDS],
  );
  const row = rows[0];
  if (!row) return { ok: false, reason: 'invalid' };
  if (row.revoked) return { ok: false, reason: 'revoked' };
  if (row.expired) return { ok: false, reason: 'expired' };
  let expiresAt = new Date(row.expires_at).toISOString();
  if (row.stale) {
    const touched = await db.query<{ expires_at: Date | string }>(
      `UPDATE sessions SET last_used_at = now(), expires_at = now() + make_interval(secs => $2) WHERE token_hash = $1 RETURNING expires_at`,
      [tokenHash, SESSION_TTL_SECONDS[row.kind]],
    );
    await db.query('UPDATE users SET last_seen_at = now() WHERE user_id = $1', [row.user_id]);
    if (touched.rows[0]) expiresAt = new Date(touched.rows[0].expires_at).toISOString();
  }
  return { ok: true, user: toProfile(row), session: { tokenHash, expiresAt } };
}

/** Ends a session for good (logout, a lost device). True when it was live. */
export async function revokeSession(db: Queryable, tokenHash: Buffer): Promise<boolean> {
  const { rowCount } = await db.query(
    'UPDATE sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL',
    [tokenHash],
  );
  return rowCount > 0;
}

/**
 * Control characters, unassigned and private-use code points, zero-width spaces and bidi
 * overrides (they make one nickname look like another). The zero-width joiner of emoji stays allowed.
 */
const HIDDEN_CHARACTERS = /[\p{Cc}\p{Cn}\p{Co}\p{Cs}\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u206f\ufeff]/u;

/** A nickname as stored: NFC, single spaces; refuses blanks and hidden characters. */
export function cleanNickname(raw: string): string {
  const nickname = raw.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (nickname === '') throw new UserError('닉네임(nickname)은 공백만으로 정할 수 없습니다.');
  if (HIDDEN_CHARACTERS.test(nickname))
    throw new UserError('닉네임(nickname)에 제어 문자나 보이지 않는 문자를 쓸 수 없습니다.');
  assertNicknameAvailable(nickname);
  return nickname;
}

/**
 * Changes the nickname and/or colour. The schema bounds the lengths; this refuses what a
 * schema cannot see: a nickname of blanks or with control characters (it is shown to others in chat).
 */
export async function updateProfile(
  db: Queryable,
  userId: string,
  change: UpdateProfileRequest,
): Promise<UserProfile | undefined> {
  const nickname = change.nickname === undefined ? undefined : cleanNickname(change.nickname);
  const color = change.color?.toLowerCase();
  const { rows } = await db.query<UserRow>(
    `UPDATE users AS u SET nickname = coalesce($2, u.nickname), color = coalesce($3, u.color)
      WHERE u.user_id = $1 RETURNING ${USER_COLUMNS}`,
    [userId, nickname ?? null, color ?? null],
  );
  return rows[0] && toProfile(rows[0]);
}
