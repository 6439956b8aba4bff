import { resetRun, retryRun } from '../verify-store.js';

/** A failed run; `onRetry` and `onReset` default to the single check's (an article run passes its own). */
export function ErrorPanel({
  kind,
  message,
  onRetry = () => void retryRun(),
  onReset = resetRun,
}: {
  kind: 'timeout' | 'error';
  message: string;
  onRetry?: () => void;
  onReset?: () => void;
}) {
  return (
    <section className="card error-panel" role="alert" data-testid="verify-error">
      <h2>{kind === 'timeout' ? '시간이 초과됐어요' : '문제가 생겼어요'}</h2>
      <p>{message}</p>
      <div className="actions">
        <button type="button" className="primary" onClick={onRetry}>
          다시 시도
        </button>
        <button type="button" className="secondary" onClick={onReset}>
          처음으로
        </button>
      </div>
    </section>
  );
}
