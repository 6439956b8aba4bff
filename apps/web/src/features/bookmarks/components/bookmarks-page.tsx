import { AnalysisList, historyItemTitle } from '../../../components/analysis-list.js';
import { ListStatus } from '../../../components/list-status.js';
import { historyItemId, usePagedList } from '../../../lib/use-paged-list.js';
import { getBookmarks, setBookmark } from '../api/bookmarks.js';

export function BookmarksPage() {
  const list = usePagedList('cache.bookmarks', getBookmarks);
  return (
    <section aria-labelledby="bookmarks-title" className="page">
      <h1 id="bookmarks-title" className="page-title">
        북마크
      </h1>
      <ListStatus list={list} empty="북마크한 결과가 없어요. 결과 화면의 ☆ 북마크 버튼으로 저장해 보세요." />
      <AnalysisList
        items={list.items}
        action={(item) => (
          <button
            type="button"
            className="icon-button"
            aria-label={`북마크 해제: ${historyItemTitle(item)}`}
            onClick={() =>
              setBookmark(historyItemId(item), false).then(
                () => list.drop(historyItemId(item)),
                () => {},
              )
            }
          >
            ★
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
