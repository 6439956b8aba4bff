import { verdictOf } from '../lib/verdict.js';

export function VerdictPill({ label, large = false }: { label: string; large?: boolean }) {
  const v = verdictOf(label);
  return (
    <span className={`pill pill-${v.tone}${large ? ' pill-large' : ''}`} data-label={label}>
      {v.text}
    </span>
  );
}
