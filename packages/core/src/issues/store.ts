import { randomUUID } from 'node:crypto';
import {
  DEFAULT_ISSUE_CATEGORY,
  type AdminIssue,
  type AdminIssuePage,
  type CreateIssueRequest,
  type Issue,
  type IssueFactCheck,
  type IssuePage,
  type UpdateIssueRequest,
} from '@olala/contract';
import { decodePageCursor, encodePageCursor } from '../db/page-cursor.js';
import { ident, type Queryable } from '../db/types.js';

/**
 * Daily issues: drafts, publishing (now or scheduled), the public "today" and paged lists, and
 * who took part. Times compare against the database's clock unless a test passes `now`.
 */

export const ISSUE_TIME_ZONE = 'Asia/Seoul';

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: ISSUE_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The date in Korea at `now`, as YYYY-MM-DD: an issue's day, whatever the server's time zone. */
export function seoulDay(now: Date = new Date()): string {
  return dayFormat.format(now);
}

type IssueRow = {
  issue_id: string;
  day: string;
  title: string;
  summary: string;
  content: string;
  category: string;
  source_url: string | null;
  claim: string | null;
  published_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
  is_public: boolean;
  participant_count: number;
  analysis_id: string | null;
  label: IssueFactCheck['label'] | null;
  confidence: number | string | null;
  headline: string | null;
  cursor_micros: string;
};

/** Every read goes through this: the issue, its participant count and its fact-check summary. */
function selectIssues(cursorColumn: 'published_at' | 'created_at'): string {
  return `SELECT i.issue_id::text AS issue_id, to_char(i.day, 'YYYY-MM-DD') AS day, i.title, i.summary, i.content, i.category,
            i.source_url, i.claim, i.published_at, i.created_at, i.updated_at,
            (i.published_at IS NOT NULL AND i.published_at <= coalesce($1::timestamptz, now())) AS is_public,
            (SELECT count(*)::int FROM issue_participants p WHERE p.issue_id = i.issue_id) AS participant_count,
            a.analysis_id::text AS analysis_id, a.label, a.confidence, a.result->>'headline' AS headline,
            coalesce((extract(epoch FROM i.${ident(cursorColumn)}) * 1000000)::bigint::text, '') AS cursor_micros
       FROM issues i LEFT JOIN analyses a ON a.analysis_id = i.analysis_id`;
}

const iso = (v: Date | string) => new Date(v).toISOString();

function toAdmin(r: IssueRow): AdminIssue {
  const status: AdminIssue['status'] = r.published_at === null ? 'draft' : r.is_public ? 'published' : 'scheduled';
  return {
    id: r.issue_id,
    day: r.day,
    title: r.title,
    summary: r.summary,
    content: r.content,
    category: r.category,
    sourceUrl: r.source_url,
    participantCount: r.participant_count,
    ...(r.analysis_id
      ? {
          analysis: {
            analysisId: r.analysis_id,
            label: r.label!,
            confidence: Number(r.confidence),
            headline: r.headline ?? '',
          },
        }
      : {}),
    publishedAt: r.published_at === null ? null : iso(r.published_at),
    status,
    claim: r.claim,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

/** The public view: no draft-only fields. Only called for rows with `is_public`. */
function toPublic(r: IssueRow): Issue {
  const { publishedAt, status: _status, claim: _claim, createdAt: _c, updatedAt: _u, ...rest } = toAdmin(r);
  return { ...rest, publishedAt: publishedAt! };
}

export interface Clock {
  /** Tests pin the time; by default the database's clock decides what is published. */
  now?: Date;
}

const nowParam = (clock: Clock) => clock.now?.toISOString() ?? null;

/**
 * Today's issue: the newest published issue whose day is today in Korea, else the newest
 * published one (an app opened before the day's issue is out still shows something).
 */
export async function todayIssue(db: Queryable, clock: Clock = {}): Promise<Issue | undefined> {
  const today = seoulDay(clock.now);
  const { rows } = await db.query<IssueRow>(
    `${selectIssues('published_at')}
      WHERE i.published_at IS NOT NULL AND i.published_at <= coalesce($1::timestamptz, now())
      ORDER BY (i.day = $2::date) DESC, i.published_at DESC, i.issue_id DESC
      LIMIT 1`,
    [nowParam(clock), today],
  );
  return rows[0] && toPublic(rows[0]);
}

/** A published issue by id; drafts and scheduled ones do not exist for the public. */
export async function getPublicIssue(db: Queryable, id: string, clock: Clock = {}): Promise<Issue | undefined> {
  const r = await getRow(db, id, clock);
  return r?.is_public ? toPublic(r) : undefined;
}

export async function getAdminIssue(db: Queryable, id: string, clock: Clock = {}): Promise<AdminIssue | undefined> {
  const r = await getRow(db, id, clock);
  return r && toAdmin(r);
}

async function getRow(db: Queryable, id: string, clock: Clock): Promise<IssueRow | undefined> {
  const { rows } = await db.query<IssueRow>(`${selectIssues('created_at')} WHERE i.issue_id = $2`, [
    nowParam(clock),
    id.toLowerCase(),
  ]);
  return rows[0];
}

export interface IssuePageOptions extends Clock {
  limit: number;
  /** The `next_before` of the previous page. */
  before?: string;
}

/** Rows newest first by `column`, one more than asked to know whether a next page exists. */
async function pageRows(
  db: Queryable,
  column: 'published_at' | 'created_at',
  publicOnly: boolean,
  options: IssuePageOptions,
) {
  const cursor = options.before ? decodePageCursor(options.before) : undefined;
  const c = `i.${ident(column)}`;
  const { rows } = await db.query<IssueRow>(
    `${selectIssues(column)}
      WHERE ($2::boolean = false OR (i.published_at IS NOT NULL AND i.published_at <= coalesce($1::timestamptz, now())))
        AND ($3::bigint IS NULL OR (${c}, i.issue_id) < (timestamptz 'epoch' + $3::bigint * interval '1 microsecond', $4::uuid))
      ORDER BY ${c} DESC, i.issue_id DESC
      LIMIT $5`,
    [nowParam(options), publicOnly, cursor?.micros ?? null, cursor?.id ?? null, options.limit + 1],
  );
  const more = rows.length > options.limit;
  const page = more ? rows.slice(0, options.limit) : rows;
  const last = page.at(-1);
  const next = more && last ? encodePageCursor({ micros: last.cursor_micros, id: last.issue_id }) : undefined;
  return { page, next };
}

/** Published issues, newest published first. */
export async function listPublicIssues(db: Queryable, options: IssuePageOptions): Promise<IssuePage> {
  const { page, next } = await pageRows(db, 'published_at', true, options);
  return { items: page.map(toPublic), ...(next ? { next_before: next } : {}) };
}

/** Every issue, drafts included, newest created first. */
export async function listAdminIssues(db: Queryable, options: IssuePageOptions): Promise<AdminIssuePage> {
  const { page, next } = await pageRows(db, 'created_at', false, options);
  return { items: page.map(toAdmin), ...(next ? { next_before: next } : {}) };
}

/** Blanks around text fields are noise from forms and files; inner line breaks of the content stay. */
const tidy = (s: string) => s.normalize('NFC').trim();

/** A new issue: a draft unless `publish` is set. `day` defaults to today in Korea. */
export async function createIssue(db: Queryable, input: CreateIssueRequest, clock: Clock = {}): Promise<AdminIssue> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO issues (issue_id, day, title, summary, content, category, source_url, claim, published_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $9::boolean THEN coalesce($10::timestamptz, now()) END)`,
    [
      id,
      input.day ?? seoulDay(clock.now),
      tidy(input.title),
      tidy(input.summary ?? ''),
      tidy(input.content ?? ''),
      tidy(input.category ?? DEFAULT_ISSUE_CATEGORY),
      input.sourceUrl ? input.sourceUrl.trim() : null,
      input.claim ? tidy(input.claim) : null,
      input.publish === true,
      nowParam(clock),
    ],
  );
  return (await getAdminIssue(db, id, clock))!;
}

/** Changes the given fields; `null` clears sourceUrl or claim. Undefined when there is no such issue. */
export async function updateIssue(
  db: Queryable,
  id: string,
  change: UpdateIssueRequest,
  clock: Clock = {},
): Promise<AdminIssue | undefined> {
  const { rowCount } = await db.query(
    `UPDATE issues SET
        title = coalesce($2, title), summary = coalesce($3, summary), content = coalesce($4, content),
        category = coalesce($5, category), day = coalesce($6::date, day),
        source_url = CASE WHEN $7::boolean THEN $8 ELSE source_url END,
        claim = CASE WHEN $9::boolean THEN $10 ELSE claim END,
        updated_at = now()
      WHERE issue_id = $1`,
    [
      id.toLowerCase(),
      change.title === undefined ? null : tidy(change.title),
      change.summary === undefined ? null : tidy(change.summary),
      change.content === undefined ? null : tidy(change.content),
      change.category === undefined ? null : tidy(change.category),
      change.day ?? null,
      change.sourceUrl !== undefined,
      change.sourceUrl ? change.sourceUrl.trim() : null,
      change.claim !== undefined,
      change.claim ? tidy(change.claim) : null,
    ],
  );
  return rowCount > 0 ? getAdminIssue(db, id, clock) : undefined;
}

/**
 * Publishes now or at `at` (scheduled). Publishing a published issue again keeps its time,
 * so a retried request does not move it in the lists; a new `at` reschedules.
 */
export async function publishIssue(
  db: Queryable,
  id: string,
  options: Clock & { at?: string } = {},
): Promise<AdminIssue | undefined> {
  const { rowCount } = await db.query(
    `UPDATE issues SET published_at = CASE WHEN $2::timestamptz IS NOT NULL THEN $2::timestamptz
                                           ELSE coalesce(published_at, coalesce($3::timestamptz, now())) END,
            updated_at = now()
      WHERE issue_id = $1`,
    [id.toLowerCase(), options.at ?? null, nowParam(options)],
  );
  return rowCount > 0 ? getAdminIssue(db, id, options) : undefined;
}

/** Back to a draft: gone from the public lists and from "today". */
export async function unpublishIssue(db: Queryable, id: string, clock: Clock = {}): Promise<AdminIssue | undefined> {
  const { rowCount } = await db.query('UPDATE issues SET published_at = NULL, updated_at = now() WHERE issue_id = $1', [
    id.toLowerCase(),
  ]);
  return rowCount > 0 ? getAdminIssue(db, id, clock) : undefined;
}

export async function deleteIssue(db: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM issues WHERE issue_id = $1', [id.toLowerCase()]);
  return rowCount > 0;
}

/** Links a stored analysis as the issue's fact-check, remembering which claim was checked. */
export async function linkFactCheck(
  db: Queryable,
  id: string,
  analysisId: string,
  claim: string | null,
  clock: Clock = {},
): Promise<AdminIssue | undefined> {
  const { rowCount } = await db.query(
    'UPDATE issues SET analysis_id = $2, claim = coalesce($3, claim), updated_at = now() WHERE issue_id = $1',
    [id.toLowerCase(), analysisId, claim === null ? null : tidy(claim)],
  );
  return rowCount > 0 ? getAdminIssue(db, id, clock) : undefined;
}

/**
 * Counts `userId` among the issue's participants (the chat calls this on join and on each
 * message; repeats are free). False when the issue does not exist.
 */
export async function recordParticipant(db: Queryable, issueId: string, userId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO issue_participants (issue_id, user_id)
     SELECT issue_id, $2 FROM issues WHERE issue_id = $1
     ON CONFLICT (issue_id, user_id) DO NOTHING`,
    [issueId.toLowerCase(), userId],
  );
  if (rowCount > 0) return true;
  const { rows } = await db.query('SELECT 1 FROM issues WHERE issue_id = $1', [issueId.toLowerCase()]);
  return rows.length > 0;
}
