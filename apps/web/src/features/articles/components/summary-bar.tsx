import type { VerdictLabel } from '@olala/contract/truth';
import { VerdictPill } from '../../../components/verdict-pill.js';
import { verdictOf } from '../../../lib/verdict.js';
import type { LabelCounts } from '../spans.js';

/** The labels in the order the bar reads: what holds, what does not, then the rest. */
const ORDER: readonly VerdictLabel[] = ['TRUE', 'MIXED', 'FALSE', 'UNVERIFIED', 'REFUSED'];

/** Sentences a summary bar says out loud, e.g. "사실 2개, 거짓 1개". */
export function countsSentence({ counts, failed, pending }: LabelCounts): string {
  const parts = ORDER.filter((l) => counts[l] > 0).map((l) => `${verdictOf(l).text} ${counts[l]}개`);
  if (failed) parts.push(`검증 실패 ${failed}개`);
  if (pending) parts.push(`확인 중 ${pending}개`);
  return parts.length ? parts.join(', ') : '확인한 주장이 없어요';
}

/** The counts of the article's claims per verdict, as chips and as a stacked bar in the verdicts' colours. */
export function SummaryBar({ figures }: { figures: LabelCounts }) {
  const total = ORDER.reduce((n, l) => n + figures.counts[l], 0) + figures.failed + figures.pending;
  return (
    <section className="card summary-bar" aria-label="판정 요약" data-testid="summary-bar">
      <p className="summary-total">
        주장 <strong>{total}</strong>개 확인 <span className="sr-only">: {countsSentence(figures)}</span>
      </p>
      {total > 0 && (
        <div className="summary-stack" aria-hidden="true">
          {ORDER.filter((l) => figures.counts[l] > 0).map((l) => (
            <span key={l} className={`stack-part stack-${verdictOf(l).tone}`} style={{ flexGrow: figures.counts[l] }} />
          ))}
          {figures.failed + figures.pending > 0 && (
            <span className="stack-part stack-none" style={{ flexGrow: figures.failed + figures.pending }} />
          )}
        </div>
      )}
      <ul className="summary-chips" aria-hidden="true">
        {ORDER.filter((l) => figures.counts[l] > 0).map((l) => (
          <li key={l} data-label={l}>
            <VerdictPill label={l} /> <strong>{figures.counts[l]}</strong>
          </li>
        ))}
        {figures.failed > 0 && (
          <li data-label="failed">
            검증 실패 <strong>{figures.failed}</strong>
          </li>
        )}
        {figures.pending > 0 && (
          <li data-label="pending">
            확인 중 <strong>{figures.pending}</strong>
          </li>
        )}
      </ul>
    </section>
  );
}
