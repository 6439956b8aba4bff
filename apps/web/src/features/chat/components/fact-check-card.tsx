import { VerdictPill } from '../../../components/verdict-pill.js';
import { linkHandler } from '../../../lib/router.js';
import { percent } from '../../../lib/verdict.js';
import type { FactCheckCard as Card } from '../chat-reducer.js';

/** 올라's answer in the room: the verdict of a claim, with a way to the full result. */
export function FactCheckCard({ card, resultHref }: { card: Card; resultHref: (analysisId: string) => string }) {
  const href = resultHref(card.analysisId);
  return (
    <div className="fact-card" data-testid="fact-card">
      <p className="fact-card-head">
        <VerdictPill label={card.label} />
        <span className="muted small">신뢰도 {percent(card.confidence)}</span>
      </p>
      {card.headline && <p>{card.headline}</p>}
      <a href={href} onClick={linkHandler(href)} className="small">
        검증 결과 자세히 보기
      </a>
    </div>
  );
}
