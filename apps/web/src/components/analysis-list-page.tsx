import { historyItemId, type PagedList } from '../lib/use-paged-list.js';
import { AnalysisList, historyItemTitle } from './analysis-list.js';
import { ListStatus } from './list-status.js';

/** What each row's button does: its feature's server call, the row dropped once the server agrees. */
export interface RowRemoval {
  /** Read before the row's title by screen readers ("북마크 해제: …"). */
  label: string;
  /** What the button shows (삭제, ★). */
  text: string;
  run(id: string): Promise<unknown>;
}

/** History and Bookmarks: a titled page of a server list, a removal button on every row, "더 보기" while pages remain. */
export function AnalysisListPage({
  id,
  title,
  list,
  empty,
  remove,
}: {
  /** The heading's id, which names the page's region. */
  id: string;
  title: string;
  list: PagedList;
  empty: string;
  remove: RowRemoval;
}) {
  return (
    <section aria-labelledby={id} className="page">
      <h1 id={id} className="page-title">
        {title}
      </h1>
      <ListStatus list={list} empty={empty} />
      <AnalysisList
        items={list.items}
        action={(item) => (
          <button
            type="button"
            className="icon-button"
            aria-label={`${remove.label}: ${historyItemTitle(item)}`}
            onClick={() =>
              // A refusal keeps the row: the list shows what the server still holds.
              remove.run(historyItemId(item)).then(
                () => list.drop(historyItemId(item)),
                () => {},
              )
            }
          >
            {remove.text}
          </button>
        )}
      />
      {list.hasMore && (
        <button type="button" className="secondary wide" onClick={list.loadMore}>
          더 보기
        </button>
      )}
    </section>
  );
}
