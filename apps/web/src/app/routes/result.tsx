import { useEffect, useState } from 'react';
import type { StoredAnalysis } from '@olala/contract/truth';
import { BookmarkButton } from '../../features/bookmarks/components/bookmark-button.js';
import { getAnalysis } from '../../features/result/api/get-analysis.js';
import { ResultView } from '../../features/result/components/result-view.js';
import { ShareActions } from '../../features/share/components/share-actions.js';
import { ApiError } from '../../lib/api-client.js';
import { cacheResult, cachedResult, type CachedResult } from '../../lib/result-cache.js';

/** `/r/:id`: a stored result, read-only; the copy kept on this device when offline. */
export default function ResultRoute({ id }: { id: string }) {
  const [entry, setEntry] = useState<CachedResult | undefined>(() => cachedResult(id));
  const [error, setError] = useState<string>();
  useEffect(() => {
    const ac = new AbortController();
    setError(undefined);
    getAnalysis(id, ac.signal).then(
      (a: StoredAnalysis) => {
        const fresh = { input_payload: a.input_payload, result: a.result };
        cacheResult(fresh);
        setEntry(fresh);
      },
      (err: unknown) => {
        if ((err as Error).name === 'AbortError') return;
        setError(err instanceof ApiError ? err.message : '결과를 불러오지 못했어요.');
      },
    );
    return () => ac.abort();
  }, [id]);

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
          input={entry.input_payload}
          actions={
            <>
              <BookmarkButton analysisId={entry.result.analysis_id} />
              <ShareActions result={entry.result} input={entry.input_payload ?? entry.result.claim} />
            </>
          }
        />
      )}
    </div>
  );
}
