import { UserError } from '../errors.js';

/**
 * The `next_before` of newest-first lists (history, bookmarks, issues, admin analyses): the row's
 * time in microseconds since the epoch and its uuid, opaque to clients. Microseconds, because a
 * JavaScript Date drops PostgreSQL's last three digits and would repeat rows; the uuid breaks ties.
 */
export interface PageCursor {
  micros: string;
  id: string;
}

// At most 16 digits: microseconds up to the year 2286, well inside PostgreSQL's timestamps (more would be a 500).
const CURSOR = /^(\d{1,16})\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function encodePageCursor(c: PageCursor): string {
  return Buffer.from(`${c.micros}.${c.id}`).toString('base64url');
}

export function decodePageCursor(raw: string): PageCursor {
  const m = CURSOR.exec(Buffer.from(raw, 'base64url').toString('utf8'));
  if (!m) throw new UserError(`before: 이전 페이지의 next_before 값이 아닙니다: ${raw.slice(0, 40)}`);
  return { micros: m[1]!, id: m[2]! };
}
