import { AnalysisListPage } from '../../../components/analysis-list-page.js';
import { usePagedList } from '../../../lib/use-paged-list.js';
import { getBookmarks, setBookmark } from '../api/bookmarks.js';

export function BookmarksPage() {
  const list = usePagedList('cache.bookmarks', getBookmarks);
  return (
    <AnalysisListPage
      id="bookmarks-title"
      title="북마크"
      list={list}
      empty="북마크한 결과가 없어요. 결과 화면의 ☆ 북마크 버튼으로 저장해 보세요."
      remove={{ label: '북마크 해제', text: '★', run: (id) => setBookmark(id, false) }}
    />
  );
}
