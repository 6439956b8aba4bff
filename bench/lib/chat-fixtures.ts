import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from '@olala/core';
import { createAnonymousUser } from '@olala/core/identity';

/** A published issue to chat about (written directly: the issue API is not what is being measured or tested). */
export async function createRoom(db: Queryable, title = '오늘의 이슈: 채팅 시험'): Promise<string> {
  const issueId = randomUUID();
  await db.query(
    `INSERT INTO issues (issue_id, day, title, summary, category, published_at)
     VALUES ($1, (now() AT TIME ZONE 'Asia/Seoul')::date, $2, '요약', '사회', now() - interval '1 minute')`,
    [issueId, title],
  );
  return issueId;
}

/** Anonymous users with live sessions: what each app install has. */
export async function createUsers(db: Db, n: number): Promise<{ userId: string; token: string; nickname: string }[]> {
  const users = [];
  for (let i = 0; i < n; i++) {
    const { token, user } = await createAnonymousUser(db);
    users.push({ userId: user.user_id, token, nickname: user.nickname });
  }
  return users;
}

/** Turns a user into an admin account (as `olala users create-admin` would make one). */
export async function makeAdmin(db: Queryable, userId: string): Promise<void> {
  await db.query(
    `UPDATE users SET kind = 'account', email = $2, password_hash = 'not-a-real-hash', role = 'admin' WHERE user_id = $1`,
    [userId, `admin-${userId.slice(0, 8)}@example.com`],
  );
}
