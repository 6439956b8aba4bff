import { useEffect, useState } from 'react';

/** Whole seconds since `startedAt`, counted on its own so that only this number redraws twice a second. */
function Elapsed({ startedAt }: { startedAt: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, []);
  return <>{Math.floor((now - startedAt) / 1000)}초</>;
}

/** A run's heading (it names the progress card) beside the seconds it has taken. */
export function ProgressHead({ id, title, startedAt }: { id: string; title: string; startedAt: number }) {
  return (
    <div className="progress-head">
      <h2 id={id}>{title}</h2>
      <span className="muted small" aria-hidden="true">
        <Elapsed startedAt={startedAt} />
      </span>
    </div>
  );
}

/** Work done out of the work known so far, said in words (`text`) for screen readers. */
export function ProgressBar({
  label,
  done,
  total,
  text,
}: {
  label: string;
  done: number;
  total: number;
  text: string;
}) {
  return (
    <div
      className="bar"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={Math.max(1, total)}
      aria-valuenow={done}
      aria-valuetext={text}
    >
      <div className="bar-fill" style={{ width: `${total ? (done / total) * 100 : 0}%` }} />
    </div>
  );
}
