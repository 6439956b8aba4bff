import { AnalysisListPage } from '../../../components/analysis-list-page.js';
import { usePagedList } from '../../../lib/use-paged-list.js';
import { deleteHistoryItem, getHistory } from '../api/history.js';

export function HistoryPage() {
  const list = usePagedList('cache.history', getHistory);
  return (
    <AnalysisListPage
      id="history-title"
      title="히스토리"
      list={list}
      empty="아직 검증한 기록이 없어요. 검증 탭에서 첫 검증을 해 보세요."
      remove={{ label: '기록에서 삭제', text: '삭제', run: deleteHistoryItem }}
    />
  );
}
