import { Type, type Static } from 'typebox';
import { NICKNAME, UserProfile } from './me.js';
import { Line } from './text.js';

/**
 * Optional accounts (email + password) on top of the anonymous identity of me.ts, and the admin
 * role. Registering with an anonymous token turns that user into the account (same user_id);
 * logging in with one moves its history and bookmarks to the account. Both answer with a new
 * session token, which replaces the one the app held.
 */

/**
 * Password length in characters (code points). The schemas only bound the body; the server
 * checks these limits itself so the message is Korean and names the field.
 */
export const PASSWORD = { min: 8, max: 200 } as const;
/** RFC 5321's longest path; the server checks the shape. */
export const EMAIL = { max: 254 } as const;

const Email = Line({ minLength: 1, maxLength: 320 });
/** Hashed, never stored as text: taken as typed, controls included. */
const Password = Type.String({ maxLength: 1000 });

/** `POST /v1/auth/register`. With an anonymous token, that user becomes the account. */
export const RegisterRequest = Type.Object(
  {
    email: Email,
    password: Password,
    /** Replaces the current (or random) nickname. */
    nickname: Type.Optional(Line({ minLength: NICKNAME.min, maxLength: NICKNAME.max })),
  },
  { additionalProperties: false },
);
export type RegisterRequest = Static<typeof RegisterRequest>;

/** `POST /v1/auth/login`. With an anonymous token, its history and bookmarks move to the account. */
export const LoginRequest = Type.Object(
  {
    email: Email,
    password: Password,
  },
  { additionalProperties: false },
);
export type LoginRequest = Static<typeof LoginRequest>;

/** `POST /v1/auth/password`: other sessions of the account are revoked, this one stays. */
export const ChangePasswordRequest = Type.Object(
  {
    current_password: Password,
    new_password: Password,
  },
  { additionalProperties: false },
);
export type ChangePasswordRequest = Static<typeof ChangePasswordRequest>;

/** Answer of register and login: a new session (shown once) and the user. */
export const AuthSessionResponse = Type.Object({
  token: Type.String(),
  expires_at: Type.String({ format: 'date-time' }),
  user: UserProfile,
});
export type AuthSessionResponse = Static<typeof AuthSessionResponse>;

/** `GET /v1/me` and `PATCH /v1/me`: the profile, plus the account's own email. */
export const MeResponse = Type.Object({
  ...UserProfile.properties,
  /** Accounts only. Never part of UserProfile, which others may see (chat). */
  email: Type.Optional(Type.String()),
});
export type MeResponse = Static<typeof MeResponse>;

/** `GET /v1/admin/users`: newest first. */
export const AdminUsersQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export type AdminUsersQuery = Static<typeof AdminUsersQuery>;

export const AdminUser = Type.Object({
  ...UserProfile.properties,
  email: Type.Union([Type.String(), Type.Null()]),
  last_seen_at: Type.String({ format: 'date-time' }),
});
export type AdminUser = Static<typeof AdminUser>;

export const AdminUserList = Type.Object({ items: Type.Array(AdminUser) });
export type AdminUserList = Static<typeof AdminUserList>;
