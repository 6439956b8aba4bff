import { Type, type Static } from 'typebox';
import { Line, Text } from './text.js';
import { VERDICT_LABELS } from './truth.js';

/**
 * Daily issues: the topic of the app's banner and of its chat room. Fields are camelCase like
 * the predecessor's `GET /v1/issues/today`, whose Flutter client reads
 * `{id, title, summary, content, category, participantCount, publishedAt}`. Paging follows the
 * rest of the API (`limit`, `before`, `next_before`).
 */
export const ISSUE_LIMITS = {
  title: { min: 1, max: 200 },
  summary: { max: 1_000 },
  content: { max: 50_000 },
  category: { min: 1, max: 40 },
  sourceUrl: { max: 2_000 },
  claim: { max: 2_000 },
} as const;

export const DEFAULT_ISSUE_CATEGORY = '일반';

/** `YYYY-MM-DD`, the day in Korea (Asia/Seoul) an issue is for. Years 1000–9999: PostgreSQL has no year 0. */
export const IssueDay = Type.String({ format: 'date', pattern: '^[1-9]\\d{3}-\\d{2}-\\d{2}$' });
/** An ISO 8601 time of years 1000–9999, like IssueDay. */
const IssueTime = Type.String({ format: 'date-time', pattern: '^[1-9]\\d{3}-' });

/** The stored fact-check of the issue's main claim: enough for a badge; the full result is at `/v1/analyses/:id`. */
export const IssueFactCheck = Type.Object({
  analysisId: Type.String(),
  label: Type.Enum([...VERDICT_LABELS]),
  confidence: Type.Number(),
  headline: Type.String(),
});
export type IssueFactCheck = Static<typeof IssueFactCheck>;

const issueFields = {
  /** Stable (a UUID); the chat room of the issue is `/v1/chat/:id`. */
  id: Type.String(),
  day: IssueDay,
  title: Type.String(),
  summary: Type.String(),
  content: Type.String(),
  category: Type.String(),
  sourceUrl: Type.Union([Type.String(), Type.Null()]),
  /** Distinct users who joined or posted in the issue's chat. */
  participantCount: Type.Integer({ minimum: 0 }),
  analysis: Type.Optional(IssueFactCheck),
};

/** An issue as the public sees it (published ones only). */
export const Issue = Type.Object({
  ...issueFields,
  publishedAt: Type.String({ format: 'date-time' }),
});
export type Issue = Static<typeof Issue>;

/** An issue as admins see it: drafts too, and the claim that is fact-checked. */
export const AdminIssue = Type.Object({
  ...issueFields,
  /** null: a draft. A future time: scheduled (public from then on). */
  publishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  status: Type.Enum(['draft', 'scheduled', 'published']),
  /** The main claim to fact-check; the title when null. */
  claim: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type AdminIssue = Static<typeof AdminIssue>;

export const IssuePage = Type.Object({
  items: Type.Array(Issue),
  /** Pass as `before` for the next page; absent on the last page. */
  next_before: Type.Optional(Type.String()),
});
export type IssuePage = Static<typeof IssuePage>;

export const AdminIssuePage = Type.Object({
  items: Type.Array(AdminIssue),
  next_before: Type.Optional(Type.String()),
});
export type AdminIssuePage = Static<typeof AdminIssuePage>;

const L = ISSUE_LIMITS;
const text = (max: number, min = 0) => Text({ minLength: min, maxLength: max });
const line = (max: number, min = 0) => Line({ minLength: min, maxLength: max });
const httpUrl = Line({ maxLength: L.sourceUrl.max, pattern: '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s]+$' });

/**
 * `POST /v1/admin/issues`, and each issue of an `olala issues add --json` file. `day` defaults
 * to today in Korea, `category` to 일반. Unknown fields are refused (a typo must not vanish).
 */
export const CreateIssueRequest = Type.Object(
  {
    title: line(L.title.max, L.title.min),
    summary: Type.Optional(text(L.summary.max)),
    content: Type.Optional(text(L.content.max)),
    category: Type.Optional(line(L.category.max, L.category.min)),
    sourceUrl: Type.Optional(Type.Union([httpUrl, Type.Null()])),
    day: Type.Optional(IssueDay),
    claim: Type.Optional(Type.Union([text(L.claim.max, 1), Type.Null()])),
    /** Publish at once instead of leaving a draft. */
    publish: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CreateIssueRequest = Static<typeof CreateIssueRequest>;

/** `PATCH /v1/admin/issues/:id`: the fields to change; null clears `sourceUrl` or `claim`. */
export const UpdateIssueRequest = Type.Object(
  {
    title: Type.Optional(line(L.title.max, L.title.min)),
    summary: Type.Optional(text(L.summary.max)),
    content: Type.Optional(text(L.content.max)),
    category: Type.Optional(line(L.category.max, L.category.min)),
    sourceUrl: Type.Optional(Type.Union([httpUrl, Type.Null()])),
    day: Type.Optional(IssueDay),
    claim: Type.Optional(Type.Union([text(L.claim.max, 1), Type.Null()])),
  },
  { additionalProperties: false },
);
export type UpdateIssueRequest = Static<typeof UpdateIssueRequest>;

/** `POST /v1/admin/issues/:id/publish`: now, or at a later time (scheduled). */
export const PublishIssueRequest = Type.Object(
  {
    at: Type.Optional(IssueTime),
  },
  { additionalProperties: false },
);
export type PublishIssueRequest = Static<typeof PublishIssueRequest>;

/** `POST /v1/admin/issues/:id/fact-check`: checks `claim`, else the issue's claim, else its title. */
export const FactCheckIssueRequest = Type.Object(
  {
    claim: Type.Optional(text(L.claim.max, 1)),
  },
  { additionalProperties: false },
);
export type FactCheckIssueRequest = Static<typeof FactCheckIssueRequest>;
