import type { AnalysisSummary } from '@olala/contract/me';
import { paths } from '../config/paths.js';
import { shownInput } from '../lib/shown-input.js';
import { linkHandler } from '../lib/router.js';
import { formatDate } from '../lib/verdict.js';
import { VerdictPill } from './verdict-pill.js';

/** The rows of History and Bookmarks; `action` is each row's own button (remove, unbookmark). */
export function AnalysisList({ items, action }: { items: AnalysisSummary[]; action?: (item: AnalysisSummary) => React.ReactNode }) {
  return (
    <ul className="analysis-list">
      {items.map((item) => {
        const href = paths.result.href(item.analysis_id);
        return (
          <li key={item.analysis_id} className="card analysis-row">
            <a href={href} onClick={linkHandler(href)} className="analysis-link">
              <span className="analysis-claim">{item.claim || shownInput(item.input_payload)}</span>
              <span className="analysis-meta">
                <VerdictPill label={item.label} />
                <span className="muted">{item.headline}</span>
              </span>
              <time className="muted small" dateTime={item.created_at}>
                {formatDate(item.bookmarked_at ?? item.created_at)}
              </time>
            </a>
            {action?.(item)}
          </li>
        );
      })}
    </ul>
  );
}
