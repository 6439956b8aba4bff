import { useEffect, useRef } from 'react';
import { paths } from '../../config/paths.js';
import {
  articleStore,
  resetArticleRun,
  retryArticleRun,
  startArticleRun,
} from '../../features/articles/article-store.js';
import { ArticleProgress } from '../../features/articles/components/article-progress.js';
import { ArticleShare, articleShareUrl } from '../../features/articles/components/article-share.js';
import { ArticleCardButton } from '../../features/share/components/card-button.js';
import { ArticleView } from '../../features/articles/components/article-view.js';
import { BookmarkButton } from '../../features/bookmarks/components/bookmark-button.js';
import { ResultView } from '../../features/result/components/result-view.js';
import { ShareActions } from '../../features/share/components/share-actions.js';
import { ErrorPanel } from '../../features/verify/components/error-panel.js';
import { IssueBanner } from '../../features/issues/components/issue-banner.js';
import { ProgressPanel } from '../../features/verify/components/progress-panel.js';
import { VerifyForm } from '../../features/verify/components/verify-form.js';
import { resetRun, verifyStore } from '../../features/verify/verify-store.js';
import { useStore } from '../../lib/store.js';

/** Exactly one run at a time in the slot: starting either kind forgets the other. */
function checkArticle(request: Parameters<typeof startArticleRun>[0]) {
  resetRun();
  void startArticleRun(request);
}

export default function VerifyRoute() {
  const { run } = useStore(verifyStore);
  const article = useStore(articleStore);
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // The first-render budget is read from this mark (end-to-end tests, and anyone's devtools).
    performance.mark('olala:verify-rendered');
  }, []);
  const doneId = run.phase === 'done' ? run.result.analysis_id : undefined;
  const articleId = article.phase === 'done' ? article.result.article_id : undefined;
  useEffect(() => {
    // Screen readers hear the verdict first; the page scrolls to it (a scroll is no layout shift).
    if (doneId) resultRef.current?.querySelector<HTMLElement>('#result-headline')?.focus();
  }, [doneId]);
  useEffect(() => {
    if (articleId) resultRef.current?.querySelector<HTMLElement>('#article-title')?.focus();
  }, [articleId]);

  return (
    <div className="page verify-page">
      <h1 className="sr-only">검증</h1>
      <IssueBanner hrefOf={paths.issue.href} />
      <VerifyForm
        disabled={run.phase === 'running' || article.phase === 'running'}
        onArticle={checkArticle}
        onClaim={resetArticleRun}
      />
      {/* Progress and result take turns in one slot, so nothing above or beside them moves. */}
      <div className="run-slot" ref={resultRef} aria-live="polite">
        {run.phase === 'running' && <ProgressPanel stages={run.stages} startedAt={run.startedAt} />}
        {run.phase === 'error' && <ErrorPanel kind={run.kind} message={run.message} />}
        {run.phase === 'cancelled' && (
          <p className="card notice" role="status">
            검증을 취소했어요. 서버에서도 진행 중이던 검증을 멈췄어요.
          </p>
        )}
        {article.phase === 'running' && <ArticleProgress claims={article.claims} startedAt={article.startedAt} />}
        {article.phase === 'error' && (
          <ErrorPanel
            kind={article.kind}
            message={article.message}
            onRetry={() => void retryArticleRun()}
            onReset={resetArticleRun}
          />
        )}
        {article.phase === 'cancelled' && (
          <p className="card notice" role="status">
            기사 검증을 취소했어요. 서버에서도 진행 중이던 검증을 멈췄어요.
          </p>
        )}
        {article.phase === 'done' && (
          <ArticleView
            article={article.result}
            renderResult={(result) => (
              <ResultView result={result} actions={<BookmarkButton analysisId={result.analysis_id} />} />
            )}
            actions={
              <>
                <BookmarkButton analysisId={article.result.article_id} />
                <ArticleShare article={article.result} />
                <ArticleCardButton article={article.result} url={articleShareUrl(article.result.article_id)} />
                <button type="button" className="secondary" onClick={resetArticleRun}>
                  새로 검증
                </button>
              </>
            }
          />
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
