import { useEffect, useRef } from 'react';
import { paths } from '../../config/paths.js';
import { BookmarkButton } from '../../features/bookmarks/components/bookmark-button.js';
import { ResultView } from '../../features/result/components/result-view.js';
import { ShareActions } from '../../features/share/components/share-actions.js';
import { ErrorPanel } from '../../features/verify/components/error-panel.js';
import { IssueBanner } from '../../features/issues/components/issue-banner.js';
import { ProgressPanel } from '../../features/verify/components/progress-panel.js';
import { VerifyForm } from '../../features/verify/components/verify-form.js';
import { resetRun, verifyStore } from '../../features/verify/verify-store.js';
import { useStore } from '../../lib/store.js';

export default function VerifyRoute() {
  const { run } = useStore(verifyStore);
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // The first-render budget is read from this mark (end-to-end tests, and anyone's devtools).
    performance.mark('olala:verify-rendered');
  }, []);
  const doneId = run.phase === 'done' ? run.result.analysis_id : undefined;
  useEffect(() => {
    // Screen readers hear the verdict first; the page scrolls to it (a scroll is no layout shift).
    if (doneId) resultRef.current?.querySelector<HTMLElement>('#result-headline')?.focus();
  }, [doneId]);

  return (
    <div className="page verify-page">
      <h1 className="sr-only">검증</h1>
      <IssueBanner hrefOf={paths.issue.href} />
      <VerifyForm disabled={run.phase === 'running'} />
      {/* Progress and result take turns in one slot, so nothing above or beside them moves. */}
      <div className="run-slot" ref={resultRef} aria-live="polite">
        {run.phase === 'running' && <ProgressPanel stages={run.stages} startedAt={run.startedAt} />}
        {run.phase === 'error' && <ErrorPanel kind={run.kind} message={run.message} />}
        {run.phase === 'cancelled' && (
          <p className="card notice" role="status">
            검증을 취소했어요. 서버에서도 진행 중이던 검증을 멈췄어요.
          </p>
        )}
        {run.phase === 'done' && (
          <ResultView
            result={run.result}
            input={run.request.input_payload}
            actions={
              <>
                <BookmarkButton analysisId={run.result.analysis_id} />
                <ShareActions result={run.result} input={run.request.input_payload} />
                <button type="button" className="secondary" onClick={resetRun}>
                  새로 검증
                </button>
              </>
            }
          />
        )}
      </div>
    </div>
  );
}
