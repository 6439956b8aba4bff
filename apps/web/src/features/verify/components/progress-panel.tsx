import type { StageName } from '@olala/contract/truth';
import { ProgressBar, ProgressHead } from '../../../components/progress.js';
import { env } from '../../../config/env.js';
import { STAGE_STATUS_TEXT, STAGES, type StageEvent } from '../../../lib/stages.js';
import { cancelRun } from '../verify-store.js';

/** Each stage as the server reports it finished: real progress, not a timer. */
export function ProgressPanel({
  stages,
  startedAt,
}: {
  stages: Partial<Record<StageName, StageEvent>>;
  startedAt: number;
}) {
  const done = STAGES.filter((s) => stages[s.name]).length;
  // The first unfinished stage is shown as under way (parallel stages finish in either order).
  const firstPending = STAGES.findIndex((s) => !stages[s.name]);
  const current = firstPending >= 0 ? STAGES[firstPending]!.label : '결과 정리';
  return (
    <section className="card progress" aria-labelledby="progress-title" data-testid="progress">
      <ProgressHead id="progress-title" title="검증 중이에요" startedAt={startedAt} />
      <ProgressBar
        label="검증 진행률"
        done={done}
        total={STAGES.length}
        text={`${STAGES.length}단계 중 ${done}단계 완료, ${current} 중`}
      />
      <ol className="stages">
        {STAGES.map((s, i) => {
          const e = stages[s.name];
          const state = e ? (e.status === 'ok' ? 'done' : e.status) : i === firstPending ? 'active' : 'pending';
          return (
            <li key={s.name} className={`stage stage-${state}`} data-stage={s.name} data-state={state}>
              <span className="stage-dot" aria-hidden="true" />
              <span className="stage-name">{s.label}</span>
              <span className="stage-status small muted">
                {e ? (STAGE_STATUS_TEXT[e.status] ?? e.status) : i === firstPending ? '진행 중' : ''}
                {e && env.showStageTimings && e.ms !== undefined ? ` · ${(e.ms / 1000).toFixed(1)}초` : ''}
              </span>
            </li>
          );
        })}
      </ol>
      <button type="button" className="secondary" onClick={cancelRun}>
        검증 취소
      </button>
    </section>
  );
}
