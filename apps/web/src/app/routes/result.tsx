import { BookmarkButton } from '../../features/bookmarks/components/bookmark-button.js';
import { getAnalysis } from '../../features/result/api/get-analysis.js';
import { ResultView } from '../../features/result/components/result-view.js';
import { ShareActions } from '../../features/share/components/share-actions.js';
import { shownInput } from '../../lib/shown-input.js';
import { ApiError } from '../../lib/api-client.js';
import { cacheResult, cachedResult } from '../../lib/result-cache.js';
import ArticleRoute from './article.js';
import { messageOf, useLoad } from '../../lib/use-load.js';

/** `/r/:id`: a stored result, read-only; the copy kept on this device when offline. */
export default function ResultRoute({ id }: { id: string }) {
  const loaded = useLoad(
    async (signal) => {
      const a = await getAnalysis(id, signal);
      const fresh = { input_payload: a.input_payload, result: a.result };
      cacheResult(fresh);
      return fresh;
    },
    id,
    (err) => messageOf(err, '결과를 불러오지 못했어요.'),
  );
  const entry = loaded.data ?? cachedResult(id);
  const error = loaded.error;
  // The share page of an article check has the same address form: no such single result → the article's.
  if (!entry && loaded.failure instanceof ApiError && loaded.failure.status === 404) return <ArticleRoute id={id} />;

  return (
    <div className="page">
      <h1 className="sr-only">검증 결과</h1>
      {error && !entry && (
        <p className="card error-text" role="alert">
          {error}
        </p>
      )}
      {error && entry && (
        <p className="notice" role="status">
          이 기기에 저장된 결과를 보여 드려요.
        </p>
      )}
      {!entry && !error && (
        <p className="muted" role="status">
          결과를 불러오는 중…
        </p>
      )}
      {entry && (
        <ResultView
          result={entry.result}
          input={shownInput(entry.input_payload, entry.result.ocr?.text)}
          actions={
            <>
              <BookmarkButton analysisId={entry.result.analysis_id} />
              <ShareActions
                result={entry.result}
                input={shownInput(entry.input_payload ?? entry.result.claim, entry.result.ocr?.text)}
              />
            </>
          }
        />
      )}
    </div>
  );
}
