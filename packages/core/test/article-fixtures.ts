import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TruthCheckResponse } from '@olala/contract';

// What the article and claim-group tests share: the sample wiki, an article its pages can cite, and a check's verdict.
export const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../sample/wiki');
export const CITED =
  '서울특별시는 대한민국의 수도이다. 세종대왕은 한글을 창제하였다. 독도는 울릉도에서 동남쪽으로 떨어진 섬이다. 안중근은 이토 히로부미를 저격하였다. 부산은 대한민국의 수도이다.';

/** What a check decided and why, without its id and timings. */
export const verdictOf = (r: TruthCheckResponse) => ({
  claim: r.claim,
  label: r.label,
  confidence: r.confidence,
  headline: r.headline,
  summary: r.summary,
  rationale: r.rationale,
  citations: r.citations,
  counter_evidence: r.counter_evidence,
  related: r.related,
  limitations: r.limitations,
  risk_flags: r.risk_flags,
  stages: r.stages.map((s) => [s.stage, s.status]),
});
