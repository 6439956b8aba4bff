import type { ReactNode } from 'react';
import type { TruthCheckResponse } from '@olala/contract/truth';
import { VerdictPill } from '../../../components/verdict-pill.js';
import { confidenceHint, formatDate, percent, verdictOf } from '../../../lib/verdict.js';
import { EvidenceCard } from './evidence-card.js';
import { RelatedPassages } from './related-passages.js';

export const DISCLAIMER =
  'OLaLA의 판정은 공개된 자료를 자동으로 분석한 참고 정보예요. 중요한 판단을 하기 전에는 원문과 공식 자료를 꼭 확인해 주세요.';

export function isNoLlm(result: TruthCheckResponse): boolean {
  return result.risk_flags.includes('NO_LLM') || result.model_info.provider === 'none';
}

function List({ title, items }: { title: string; items: string[] }) {
  if (items.length === 0) return null;
  return (
    <section className="card">
      <h3>{title}</h3>
      <ul className="bullets">
        {items.map((x, i) => (
          <li key={i}>{x}</li>
        ))}
      </ul>
    </section>
  );
}

/** The whole result of a run; `actions` are the buttons under the verdict (bookmark, share). */
/** The rules' refusal codes in Korean; a reason already written for people is shown as it is. */
const REFUSAL_NAMES: Record<string, string> = {
  too_short: '내용이 너무 짧습니다',
  question: '질문입니다',
  opinion: '의견이나 평가입니다',
  prediction: '미래에 대한 예측입니다',
  abusive: '욕설이나 혐오 표현이 있습니다',
};

function refusalText(reason: string): string {
  return REFUSAL_NAMES[reason] ?? (/[가-힣]/.test(reason) ? reason : '확인할 수 있는 사실 주장이 아닙니다');
}

export function ResultView({
  result,
  input,
  actions,
}: {
  result: TruthCheckResponse;
  input?: string;
  actions?: ReactNode;
}) {
  const v = verdictOf(result.label);
  const confidence = result.confidence;
  const claim = result.claim || input || '';
  return (
    <article className="result" aria-labelledby="result-headline" data-testid="result">
      <section className={`card verdict-card tone-${v.tone}`}>
        <VerdictPill label={result.label} large />
        <h2 id="result-headline" className="headline">
          {result.headline || v.headline}
        </h2>
        {claim && <p className="claim">“{claim}”</p>}
        {result.label === 'REFUSED' && result.refusal_reason && (
          <p className="refusal">검증할 수 없는 이유: {refusalText(result.refusal_reason)}</p>
        )}
        <div className="confidence">
          <div className="confidence-label">
            <span>신뢰도</span>
            <strong>{percent(confidence)}</strong>
          </div>
          <div
            className="bar"
            role="meter"
            aria-label="신뢰도"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(confidence * 100)}
          >
            <div className="bar-fill" style={{ width: percent(confidence), background: v.colour }} />
          </div>
          <p className="muted small">{confidenceHint(result.label, confidence)}</p>
        </div>
        {isNoLlm(result) && (
          <p className="notice" data-testid="no-llm">
            AI 모델 없이 규칙 기반(No-LLM 모드)으로 판정했어요. 위키 근거와 숫자·표현 비교만 사용해서 결과가 제한적일 수
            있어요.
          </p>
        )}
        {result.cached && <p className="muted small">최근 같은 내용을 검증한 결과를 불러왔어요.</p>}
        {actions && <div className="actions">{actions}</div>}
      </section>

      {result.summary && (
        <section className="card">
          <h3>요약</h3>
          <p>{result.summary}</p>
        </section>
      )}
      <List title="판단 근거" items={result.rationale} />

      <section>
        <h3 className="section-title">근거 자료 {result.citations.length}건</h3>
        {result.citations.length === 0 ? (
          <p className="muted card">인용할 만한 근거를 찾지 못했어요.</p>
        ) : (
          <ul className="evidence-list">
            {result.citations.map((c) => (
              <EvidenceCard key={`${c.evid_id}-${c.quote.slice(0, 20)}`} citation={c} />
            ))}
          </ul>
        )}
      </section>
      {result.counter_evidence.length > 0 && (
        <section>
          <h3 className="section-title">반대 근거 {result.counter_evidence.length}건</h3>
          <ul className="evidence-list">
            {result.counter_evidence.map((c) => (
              <EvidenceCard key={`${c.evid_id}-${c.quote.slice(0, 20)}`} citation={c} />
            ))}
          </ul>
        </section>
      )}
      <RelatedPassages passages={result.related ?? []} />
      <List title="한계" items={result.limitations} />
      <List title="더 확인해 보기" items={result.recommended_next_steps} />
      <p className="disclaimer muted small">{DISCLAIMER}</p>
      <p className="muted small">
        검증 시각 {formatDate(result.created_at)} · 모델{' '}
        {result.model_info.provider === 'none' ? '없음' : `${result.model_info.provider}/${result.model_info.model}`}
      </p>
    </article>
  );
}
