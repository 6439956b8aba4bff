import { resetRun, retryRun } from '../verify-store.js';

export function ErrorPanel({ kind, message }: { kind: 'timeout' | 'error'; message: string }) {
  return (
    <section className="card error-panel" role="alert" data-testid="verify-error">
      <h2>{kind === 'timeout' ? '시간이 초과됐어요' : '문제가 생겼어요'}</h2>
      <p>{message}</p>
      <div className="actions">
        <button type="button" className="primary" onClick={() => void retryRun()}>
          다시 시도
        </button>
        <button type="button" className="secondary" onClick={resetRun}>
          처음으로
        </button>
      </div>
    </section>
  );
}
