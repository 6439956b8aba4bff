import { Type, type Static } from 'typebox';
import { LabelCounts } from './articles.js';
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

/** A single check's line of History or Bookmarks: enough to draw the list without loading every result. */
export const AnalysisSummary = Type.Object({
  /** A single claim's check (`GET /v1/analyses/:analysis_id`); article runs are `ArticleListItem`. */
  kind: Type.Literal('truth'),
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

/** A whole-article check's line of History or Bookmarks (`GET /v1/articles/:article_id`). */
export const ArticleListItem = Type.Object({
  kind: Type.Literal('article'),
  article_id: Type.String(),
  created_at: Type.String({ format: 'date-time' }),
  /** `url`, `text` or `image` (a screenshot read by OCR). */
  input_type: Type.Enum(['url', 'text', 'image']),
  /** The headline; for a text without one, its first line (cut). */
  title: Type.String(),
  /** The article's address, for URL inputs. */
  url: Type.Union([Type.String(), Type.Null()]),
  /** Checked claims per label (every label present), as in the article's summary. */
  counts: LabelCounts,
  /** Claims that could not be checked. */
  failed: Type.Integer({ minimum: 0 }),
  bookmarked: Type.Boolean(),
  /** When it was bookmarked (bookmark lists only). */
  bookmarked_at: Type.Optional(Type.String({ format: 'date-time' })),
});
export type ArticleListItem = Static<typeof ArticleListItem>;

/** One line of History or Bookmarks; `kind` tells which. */
export const HistoryItem = Type.Union([AnalysisSummary, ArticleListItem]);
export type HistoryItem = Static<typeof HistoryItem>;

/** `GET /v1/history` and `GET /v1/bookmarks`: single checks and article runs, newest first. */
export const HistoryPage = Type.Object({
  items: Type.Array(HistoryItem),
  /** Pass as `before` for the next page; absent on the last page. */
  next_before: Type.Optional(Type.String()),
});
export type HistoryPage = Static<typeof HistoryPage>;
