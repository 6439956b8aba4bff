import { ProgressBar, ProgressHead } from '../../../components/progress.js';
import { VerdictPill } from '../../../components/verdict-pill.js';
import { STAGE_STATUS_TEXT, STAGES } from '../../../lib/stages.js';
import { cancelArticleRun, type ClaimProgress } from '../article-store.js';
import { countLabels } from '../spans.js';
import { countsSentence } from './summary-bar.js';

function claimState(c: ClaimProgress): { done: number; text: string } {
  const done = STAGES.filter((s) => c.stages[s.name]).length;
  if (c.result) return { done: STAGES.length, text: '완료' };
  if (c.done) return { done, text: c.error?.message ?? '검증 실패' };
  const next = STAGES.find((s) => !c.stages[s.name]);
  // A failed or timed-out stage is said (the claim goes on with its fallback); a skipped one is normal.
  const last = [...STAGES]
    .reverse()
    .find((s) => c.stages[s.name]?.status === 'failed' || c.stages[s.name]?.status === 'timeout');
  return {
    done,
    text: next
      ? `${next.label} 중${last ? ` (${last.label} ${STAGE_STATUS_TEXT[c.stages[last.name]!.status] ?? ''})` : ''}`
      : '판정 정리 중',
  };
}

/** An article check under way: the claims as the server finds them, then each claim's stages and verdict. */
export function ArticleProgress({ claims, startedAt }: { claims: readonly ClaimProgress[]; startedAt: number }) {
  const total = claims.length * STAGES.length;
  const done = claims.reduce((n, c) => n + claimState(c).done, 0);
  const finished = claims.filter((c) => c.done).length;
  return (
    <section className="card progress" aria-labelledby="article-progress-title" data-testid="article-progress">
      <ProgressHead id="article-progress-title" title="기사를 확인하고 있어요" startedAt={startedAt} />
      <p role="status" className="small">
        {claims.length === 0
          ? '확인할 주장을 찾는 중…'
          : `주장 ${claims.length}개를 찾았어요. ${finished}개 확인 완료 · ${countsSentence(countLabels(claims))}`}
      </p>
      <ProgressBar
        label="기사 검증 진행률"
        done={done}
        total={total}
        text={`주장 ${claims.length}개 중 ${finished}개 완료`}
      />
      <ol className="claim-progress">
        {claims.map((c, i) => {
          const state = claimState(c);
          return (
            <li
              key={c.id}
              className="claim-progress-item"
              data-claim={c.id}
              data-state={c.result ? 'done' : c.done ? 'failed' : 'running'}
            >
              <span className="claim-row-n" aria-hidden="true">
                {i + 1}
              </span>
              <span className="claim-progress-text">{c.text}</span>
              <span className="small muted claim-progress-state">
                {c.result ? (
                  <VerdictPill label={c.result.label} />
                ) : (
                  `${STAGES.length}단계 중 ${state.done}단계 · ${state.text}`
                )}
              </span>
            </li>
          );
        })}
      </ol>
      <button type="button" className="secondary" onClick={cancelArticleRun}>
        검증 취소
      </button>
    </section>
  );
}
