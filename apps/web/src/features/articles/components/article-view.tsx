import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { ArticleCheckResponse, ArticleClaim, SkipReason } from '@olala/contract/articles';
import type { TruthCheckResponse } from '@olala/contract/truth';
import { VerdictPill } from '../../../components/verdict-pill.js';
import { formatDate, verdictOf } from '../../../lib/verdict.js';
import { countLabels, segmentText, type Mark } from '../spans.js';
import { SummaryBar } from './summary-bar.js';

/** Why a sentence was not checked, in Korean; a new reason in the contract fails the typecheck here. */
export const SKIP_REASON_TEXT: Record<SkipReason, string> = {
  opinion: '의견이나 평가라서 확인하지 않았어요.',
  question: '질문이라서 확인하지 않았어요.',
  prediction: '미래에 대한 예측이라서 확인하지 않았어요.',
  too_vague: '확인할 만한 구체적인 내용이 없어요.',
  duplicate: '앞의 주장과 같은 내용이에요.',
  abusive: '욕설이나 혐오 표현이 있어 확인하지 않았어요.',
  over_limit: '확인할 수 있는 주장 수를 넘어 이번에는 확인하지 않았어요.',
};

const claimNumber = (claims: readonly ArticleClaim[], id: string) => claims.findIndex((c) => c.id === id) + 1;

function toneOf(claim: ArticleClaim): string {
  return claim.result ? verdictOf(claim.result.label).tone : 'none';
}

/** A highlight is a span, not a button, so it wraps with the text; it behaves as a button (Enter, Space). */
function activate(fn: () => void) {
  return {
    role: 'button',
    tabIndex: 0,
    onClick: fn,
    onKeyDown: (e: KeyboardEvent) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        fn();
      }
    },
  } as const;
}

function sameSelection(a: Mark | undefined, b: Mark): boolean {
  if (!a) return false;
  return a.kind === 'claim' ? b.kind === 'claim' && a.id === b.id : b.kind === 'skipped' && a.index === b.index;
}

/**
 * An article check: the summary bar, the article with each checked claim highlighted in its
 * verdict's colour and the sentences not checked shown faintly, and under it what was tapped —
 * a claim's own result (drawn by `renderResult`, the result screen's view, composed by the route)
 * or why a sentence was not checked.
 */
export function ArticleView({
  article,
  renderResult,
  actions,
}: {
  article: ArticleCheckResponse;
  renderResult: (result: TruthCheckResponse) => ReactNode;
  actions?: ReactNode;
}) {
  const [selected, setSelected] = useState<Mark>();
  const detailId = useId();
  const detailRef = useRef<HTMLElement>(null);
  const { claims, skipped } = article;
  const segments = segmentText(article.article.text, claims, skipped);
  const title = article.article.title || '붙여 넣은 글';
  const source = article.article.url && /^https?:\/\//i.test(article.article.url) ? article.article.url : undefined;

  useEffect(() => {
    // The reader's eyes (and a screen reader) go to what was tapped.
    if (selected) detailRef.current?.querySelector<HTMLElement>('.detail-title')?.focus();
  }, [selected]);

  const select = (mark: Mark) => setSelected((prev) => (sameSelection(prev, mark) ? undefined : mark));
  const claim = selected?.kind === 'claim' ? claims.find((c) => c.id === selected.id) : undefined;
  const skip = selected?.kind === 'skipped' ? skipped[selected.index] : undefined;

  return (
    <article className="article-result" aria-labelledby="article-title" data-testid="article-result">
      <header className="card article-head">
        <h2 id="article-title" className="article-title" tabIndex={-1}>
          {title}
        </h2>
        <p className="muted small">
          {article.article.published_at && <>발행 {formatDate(article.article.published_at)} · </>}검증{' '}
          {formatDate(article.created_at)}
          {source && (
            <>
              {' · '}
              <a href={source} target="_blank" rel="noopener noreferrer">
                원문 보기
              </a>
            </>
          )}
        </p>
        {article.status === 'cancelled' && (
          <p className="notice">검증이 끝나기 전에 멈춘 기록이에요. 일부 주장만 확인했어요.</p>
        )}
        {article.summary.overview && <p className="article-overview">{article.summary.overview}</p>}
        {actions && <div className="actions">{actions}</div>}
      </header>
      <SummaryBar figures={countLabels(claims)} />

      <section className="card" aria-labelledby="article-text-title">
        <h3 id="article-text-title">기사 본문</h3>
        <p className="muted small">
          색이 칠해진 문장을 누르면 그 주장의 검증 결과를, 흐린 문장을 누르면 확인하지 않은 이유를 볼 수 있어요.
        </p>
        <div className="article-text" data-testid="article-text">
          {segments.map((s) => {
            if (!s.mark) return <span key={s.start}>{s.text}</span>;
            const mark = s.mark;
            const pressed = sameSelection(selected, mark);
            if (mark.kind === 'claim') {
              const c = claims.find((x) => x.id === mark.id)!;
              const n = claimNumber(claims, c.id);
              const verdict = c.result ? verdictOf(c.result.label).text : '검증 실패';
              return (
                <span
                  key={s.start}
                  className={`claim-mark mark-${toneOf(c)}`}
                  data-claim={c.id}
                  aria-pressed={pressed}
                  aria-controls={detailId}
                  {...activate(() => select(mark))}
                >
                  {s.text}
                  <span className="claim-badge" aria-hidden="true">
                    {n}
                  </span>
                  <span className="sr-only">
                    {' '}
                    (주장 {n}: {verdict})
                  </span>
                </span>
              );
            }
            return (
              <span
                key={s.start}
                className="skipped-mark"
                data-skipped={mark.index}
                aria-pressed={pressed}
                aria-controls={detailId}
                {...activate(() => select(mark))}
              >
                {s.text}
                <span className="sr-only"> (확인하지 않은 문장)</span>
              </span>
            );
          })}
        </div>
      </section>

      <section id={detailId} ref={detailRef} className="article-detail" aria-live="polite" data-testid="article-detail">
        {claim && (
          <div className="card claim-detail">
            <h3 className="detail-title" tabIndex={-1}>
              주장 {claimNumber(claims, claim.id)}
              {claim.main && <span className="muted small"> · 핵심 주장</span>}
            </h3>
            <p className="claim">“{claim.text}”</p>
            {!claim.result && <p className="error-text">{claim.error?.message ?? '이 주장은 검증하지 못했어요.'}</p>}
          </div>
        )}
        {claim?.result && renderResult(claim.result)}
        {skip && (
          <div className="card skipped-detail">
            <h3 className="detail-title" tabIndex={-1}>
              확인하지 않은 문장
            </h3>
            <p>“{skip.text}”</p>
            <p className="muted">{SKIP_REASON_TEXT[skip.reason] ?? '확인하지 않았어요.'}</p>
          </div>
        )}
      </section>

      <section aria-labelledby="claim-list-title">
        <h3 id="claim-list-title" className="section-title">
          확인한 주장 {claims.length}개
        </h3>
        {claims.length === 0 ? (
          <p className="muted card">이 글에서 확인할 만한 사실 주장을 찾지 못했어요.</p>
        ) : (
          <ol className="claim-list">
            {claims.map((c, i) => (
              <li key={c.id}>
                <button
                  type="button"
                  className="claim-row"
                  aria-pressed={sameSelection(selected, { kind: 'claim', id: c.id })}
                  aria-controls={detailId}
                  onClick={() => select({ kind: 'claim', id: c.id })}
                >
                  <span className="claim-row-n">{i + 1}</span>
                  {c.result ? (
                    <VerdictPill label={c.result.label} />
                  ) : (
                    <span className="pill pill-none">검증 실패</span>
                  )}
                  <span className="claim-row-text">{c.text}</span>
                </button>
              </li>
            ))}
          </ol>
        )}
      </section>
    </article>
  );
}
