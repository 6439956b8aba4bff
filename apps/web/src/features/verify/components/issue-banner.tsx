import { useEffect, useState } from 'react';
import { getTodayIssue, type TodayIssue } from '../api/get-today-issue.js';

/** Today's issue, when the server has one; nothing at all otherwise (no error, no placeholder). */
export function IssueBanner() {
  const [issue, setIssue] = useState<TodayIssue>();
  useEffect(() => {
    const ac = new AbortController();
    getTodayIssue(ac.signal).then(setIssue, () => setIssue(undefined));
    return () => ac.abort();
  }, []);
  if (!issue) return null;
  return (
    <aside className="issue-banner" aria-label="오늘의 이슈">
      <span className="source-tag">{issue.category ?? '오늘의 이슈'}</span>
      <strong>{issue.title}</strong>
      {issue.participants !== undefined && <span className="muted small">{issue.participants}명 참여 중</span>}
    </aside>
  );
}
