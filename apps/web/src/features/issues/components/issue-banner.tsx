import { linkHandler } from '../../../lib/router.js';
import { useLoad } from '../../../lib/use-load.js';
import { getTodayIssue } from '../api/get-today-issue.js';

/**
 * Today's issue on the Verify screen, a link to its article; nothing at all when the server has
 * none or cannot be reached (no error, no placeholder).
 */
export function IssueBanner({ hrefOf }: { hrefOf: (issueId: string) => string }) {
  const today = useLoad((signal) => getTodayIssue(signal), 'today');
  const issue = today.error ? undefined : today.data;
  if (!issue) return null;
  const href = hrefOf(issue.id);
  return (
    <aside className="issue-banner" aria-label="오늘의 이슈">
      <span className="source-tag">오늘의 이슈 · {issue.category}</span>
      <a href={href} onClick={linkHandler(href)} className="issue-banner-link">
        <strong>{issue.title}</strong>
      </a>
      <span className="muted small">{issue.participantCount}명 참여</span>
    </aside>
  );
}
