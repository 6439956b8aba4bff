import { AnalysisList, historyItemTitle } from '../../../components/analysis-list.js';
import { ListStatus } from '../../../components/list-status.js';
import { historyItemId, usePagedList } from '../../../lib/use-paged-list.js';
import { deleteHistoryItem, getHistory } from '../api/history.js';

export function HistoryPage() {
  const list = usePagedList('cache.history', getHistory);
  return (
    <section aria-labelledby="history-title" className="page">
      <h1 id="history-title" className="page-title">
        히스토리
      </h1>
      <ListStatus list={list} empty="아직 검증한 기록이 없어요. 검증 탭에서 첫 검증을 해 보세요." />
      <AnalysisList
        items={list.items}
        action={(item) => (
          <button
            type="button"
            className="icon-button"
            aria-label={`기록에서 삭제: ${historyItemTitle(item)}`}
            onClick={() =>
              deleteHistoryItem(historyItemId(item)).then(
                () => list.drop(historyItemId(item)),
                () => {},
              )
            }
          >
            삭제
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
