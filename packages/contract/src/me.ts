import { Type, type Static } from 'typebox';
import { Line } from './text.js';
import { VERDICT_LABELS } from './truth.js';

/**
 * Identity, history and bookmarks. Every app install gets an anonymous user from the server and
 * keeps its session token; requests carry it as `Authorization: Bearer <token>`. Accounts
 * (email + password, see auth.ts) take over an anonymous user's history and bookmarks, so
 * everything here is keyed by user, never by device.
 */
export const NICKNAME = { min: 1, max: 20 } as const;

export const UserProfile = Type.Object({
  user_id: Type.String(),
  nickname: Type.String({ minLength: NICKNAME.min, maxLength: NICKNAME.max }),
  /** `#rrggbb`, the user's colour in chat and avatars. */
  color: Type.String({ pattern: '^#[0-9a-f]{6}$' }),
  /** `anonymous` until the user registers an account (email + password) on this identity. */
  kind: Type.Enum(['anonymous', 'account']),
  /** `admin` may use the admin routes; only accounts can be admins (`olala users create-admin`). */
  role: Type.Enum(['user', 'admin']),
  created_at: Type.String({ format: 'date-time' }),
});
export type UserProfile = Static<typeof UserProfile>;

/** `POST /v1/identity/anonymous`: a new anonymous user and its session. */
export const AnonymousIdentityResponse = Type.Object({
  /** Opaque; shown once. The server keeps only its hash. */
  token: Type.String(),
  expires_at: Type.String({ format: 'date-time' }),
  user: UserProfile,
});
export type AnonymousIdentityResponse = Static<typeof AnonymousIdentityResponse>;

/** `PATCH /v1/me`. */
export const UpdateProfileRequest = Type.Object(
  {
    nickname: Type.Optional(Line({ minLength: NICKNAME.min, maxLength: NICKNAME.max })),
    color: Type.Optional(Type.String({ pattern: '^#[0-9a-fA-F]{6}$' })),
  },
  { additionalProperties: false },
);
export type UpdateProfileRequest = Static<typeof UpdateProfileRequest>;

/** One line of History or Bookmarks: enough to draw the list without loading every result. */
export const AnalysisSummary = Type.Object({
  analysis_id: Type.String(),
  created_at: Type.String({ format: 'date-time' }),
  input_type: Type.String(),
  input_payload: Type.String(),
  claim: Type.String(),
  label: Type.Enum([...VERDICT_LABELS]),
  confidence: Type.Number(),
  headline: Type.String(),
  bookmarked: Type.Boolean(),
  /** When it was bookmarked (bookmark lists only). */
  bookmarked_at: Type.Optional(Type.String({ format: 'date-time' })),
});
export type AnalysisSummary = Static<typeof AnalysisSummary>;

export const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 30 })),
  /** Cursor: the `next_before` of the previous page. */
  before: Type.Optional(Line({ maxLength: 100 })),
});
export type PageQuery = Static<typeof PageQuery>;

export const AnalysisPage = Type.Object({
  items: Type.Array(AnalysisSummary),
  /** Pass as `before` for the next page; absent on the last page. */
  next_before: Type.Optional(Type.String()),
});
export type AnalysisPage = Static<typeof AnalysisPage>;
