import type { Db, QueryResult, Row } from '../db/types.js';

/**
 * A wiki reader that answers a repeated read from memory, for the claims of one article: they
 * share their subject and many words, so their searches read the same posting lists and chunks
 * again. Only `query` is remembered (the wiki search reads nothing else); the memo lives as
 * long as the article's run, so a wiki import never meets a stale answer for long.
 */
export function memoReader(db: Db): Db & { hits(): number } {
  const memo = new Map<string, Promise<QueryResult<Row>>>();
  let hits = 0;
  return {
    backend: db.backend,
    location: db.location,
    features: db.features,
    query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      const key = `${sql}\u0000${JSON.stringify(params ?? [])}`;
      const known = memo.get(key);
      if (known) {
        hits++;
        return known as Promise<QueryResult<R>>;
      }
      const answer = db.query<Row>(sql, params);
      memo.set(key, answer);
      // A failed read is not remembered: the next claim asks again.
      answer.catch(() => memo.delete(key));
      return answer as Promise<QueryResult<R>>;
    },
    exec: (sql) => db.exec(sql),
    transaction: (fn) => db.transaction(fn),
    session: (fn) => db.session(fn),
    listen: (channel, onPayload, options) => db.listen(channel, onPayload, options),
    close: () => Promise.resolve(),
    hits: () => hits,
  };
}
