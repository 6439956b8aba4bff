import type { HistoryItem } from '@olala/contract/me';
import type { VerdictLabel } from '@olala/contract/truth';
import { VERDICT_NAMES } from '@olala/contract/verdicts';
import { paths } from '../config/paths.js';
import { shownInput } from '../lib/shown-input.js';
import { linkHandler } from '../lib/router.js';
import { historyItemId } from '../lib/use-paged-list.js';
import { formatDate } from '../lib/verdict.js';
import { VerdictPill } from './verdict-pill.js';

const LABELS = Object.keys(VERDICT_NAMES) as VerdictLabel[];

/** What a row is called: a check's claim (or its input), an article run's title. */
export function historyItemTitle(item: HistoryItem): string {
  if (item.kind === 'article') return item.title || (item.url ?? '붙여 넣은 글');
  return item.claim || shownInput(item.input_payload);
}

/** An article run's verdicts as chips with their counts ("사실 2 · 거짓 1"), failures apart. */
function ArticleCounts({ item }: { item: Extract<HistoryItem, { kind: 'article' }> }) {
  const shown = LABELS.filter((l) => (item.counts[l] ?? 0) > 0);
  const total = shown.reduce((n, l) => n + item.counts[l], 0) + item.failed;
  return (
    <span className="article-row-counts">
      <span className="kind-tag">기사 · 주장 {total}개</span>
      {shown.map((l) => (
        <span key={l} data-label={l}>
          <VerdictPill label={l} /> {item.counts[l]}
        </span>
      ))}
      {item.failed > 0 && <span className="muted small">검증 실패 {item.failed}</span>}
    </span>
  );
}

/** The rows of History and Bookmarks, single checks and article runs; `action` is each row's own button (remove, unbookmark). */
export function AnalysisList({
  items,
  action,
}: {
  items: HistoryItem[];
  action?: (item: HistoryItem) => React.ReactNode;
}) {
  return (
    <ul className="analysis-list">
      {items.map((item) => {
        const id = historyItemId(item);
        const article = item.kind === 'article';
        const href = article ? paths.article.href(id) : paths.result.href(id);
        return (
          <li key={id} className="card analysis-row" data-kind={article ? 'article' : 'truth'}>
            <a href={href} onClick={linkHandler(href)} className="analysis-link">
              <span className="analysis-claim">{historyItemTitle(item)}</span>
              <span className="analysis-meta">
                {item.kind === 'article' ? (
                  <ArticleCounts item={item} />
                ) : (
                  <>
                    <VerdictPill label={item.label} />
                    <span className="muted">{item.headline}</span>
                  </>
                )}
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
