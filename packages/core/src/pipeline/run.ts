import { STAGE_NAMES, type ModelInfo, type RiskFlag, type TruthCheckRequest } from '@olala/contract';
import { cutAt } from '@olala/contract/text-tools';
import type { LlmClient } from '../llm/types.js';
import type { Evidence } from '../evidence.js';
import { RunContext } from './run-context.js';
import { aggregate } from './stages/aggregate/index.js';
import { collectWeb, type WebCollection } from './stages/collect/web.js';
import { collectWiki } from './stages/collect/wiki.js';
import { mergeCandidates } from './stages/collect/merge.js';
import { judgeWithLlm, type JudgeAnswer } from './stages/judge/index.js';
import { normalize, type Normalized } from './stages/normalize/index.js';
import { querygen, type Queries } from './stages/querygen/index.js';
import { scoreEvidence, type Scored } from './stages/score/index.js';
import { relatedEvidence, topEvidence } from './stages/topk/index.js';
import { assessAll, emptyReport, verifyWithLlm, verifyWithRules } from './stages/verify/index.js';
import { relatedPassages } from './rules/passages.js';
import { decideVerdict } from './verdict.js';
import { attachedImage, ocrRefusal, type OcrResult } from '../ocr/index.js';
import { chooseClaim } from './rules/claim-choice.js';
import { subjectTitles } from './rules/scope.js';
import type { PipelineDeps, PipelineOutcome, RunOptions, VerifierReport } from './types.js';

export const RULES_MODEL: ModelInfo = { provider: 'none', model: 'olala-rules', version: '1' };

/** The model that had the last word: the judge's, else the verifiers', else the rules. */
export function modelInfo(llm: PipelineDeps['llm']): ModelInfo {
  const client = llm.judge ?? llm.verify ?? llm.claim;
  return client
    ? { provider: client.provider, model: client.model, version: client.model.split(':')[1] ?? 'latest' }
    : RULES_MODEL;
}

const summarizeEvidence = (items: readonly Evidence[]) =>
  items.map((e) => ({
    evid_id: e.evid_id,
    source_type: e.source_type,
    title: e.title,
    url: e.url,
    trust_tier: e.trust_tier,
    relevance: e.relevance,
  }));

const summarizeReport = (r: VerifierReport) => ({
  stance: r.stance,
  confidence: r.confidence,
  citations: r.citations,
  dropped_citations: r.dropped,
  reasoning: r.reasoning,
  ...(r.failure ? { failure: r.failure } : {}),
});

/**
 * The nine stages, in the predecessor's order and names. Each role runs its LLM when one is
 * configured and its deterministic rules otherwise; a stage that fails falls back to what
 * keeps the run going, and marks it degraded, which the verdict rules turn into UNVERIFIED.
 */
export async function runPipeline(
  given: PipelineDeps,
  request: TruthCheckRequest,
  options: RunOptions = {},
): Promise<PipelineOutcome> {
  const run = new RunContext(given, options);
  // Every stage's LLM calls draw on the run's one LLM budget.
  const deps: PipelineDeps = { ...given, llm: run.meterLlm(given.llm) };
  if (request.input_type !== 'image') {
    run.skip('stage00_ocr', { reason: 'not an image' });
    return runChecks(run, deps, request, options);
  }
  // A screenshot: its text is the input from stage 1 on; too little or too unsure text is refused.
  const image = attachedImage(request);
  const ocr = await run.stage<OcrResult | undefined>(
    'stage00_ocr',
    async (scope) => {
      if (!image || !deps.ocr) throw new Error('image inputs need the OCR service and a decoded image');
      return deps.ocr.recognize(image, scope.signal);
    },
    () => undefined,
    (o) =>
      o
        ? {
            chars: o.text.length,
            lines: o.lines.length,
            confidence: o.confidence,
            dropped: o.dropped.length,
            ms: o.ms,
            inverted: o.inverted,
            scale: o.scale,
          }
        : {},
  );
  if (!ocr) {
    return stoppedOutcome(run, '', deps.llm, {
      label: 'UNVERIFIED',
      headline: '이미지의 글자를 읽지 못해 확인하지 못했습니다',
      summary: run.failures[0]?.display ?? '이미지를 읽는 중 문제가 생겼습니다.',
      next_step: '확인하고 싶은 문장을 글로 입력해 주세요.',
      flag: 'STAGE_FAILED',
    });
  }
  const view = { text: ocr.text, confidence: ocr.confidence, lines: ocr.lines };
  const refusal = ocrRefusal(ocr);
  const outcome = refusal
    ? stoppedOutcome(run, cutAt(ocr.text, 600), deps.llm, {
        label: 'REFUSED',
        headline: '이미지에서 확인할 글을 읽지 못했습니다',
        summary: refusal,
        refusal_reason: refusal,
        next_step: '글자가 선명하게 보이도록 확인할 부분만 캡처하거나, 문장을 글로 입력해 주세요.',
        flag: 'NOT_CHECKABLE',
      })
    : await runChecks(run, deps, { ...request, input_type: 'text', input_payload: imageClaim(request, ocr) }, options);
  return { ...outcome, ocr: view };
}

/**
 * What a screenshot claims: what the user says to check in it, else its most check-worthy
 * sentence (a chat's room name and replies are not the claim), else all of its text.
 */
const imageClaim = (request: TruthCheckRequest, ocr: OcrResult) =>
  request.user_request?.trim() || chooseClaim(ocr.text)?.claim || ocr.text;

/** Stages 1–9 over a text or URL input. */
async function runChecks(
  run: RunContext,
  deps: PipelineDeps,
  request: TruthCheckRequest,
  options: RunOptions,
): Promise<PipelineOutcome> {
  const llm = deps.llm;
  const noLlm = !llm.claim && !llm.verify && !llm.judge;
  if (noLlm) run.flags.add('NO_LLM');

  const normalized = await run.stage<Normalized>(
    'stage01_normalize',
    (scope) => normalize(request, scope, { llm: llm.claim, fetchArticle: deps.fetchArticle }),
    () => ({ claim: cutAt(request.input_payload.trim(), 600), claim_source: 'input', key_entities: [] }),
    (n) => ({
      claim: n.claim,
      claim_source: n.claim_source,
      refusal: n.refusal,
      article_title: n.article?.title,
      article_url: n.article?.canonical_url ?? n.article?.url,
    }),
  );
  const claim = normalized.claim;
  if (normalized.refusal) {
    // A URL the service will never fetch is refused as such: nothing was looked at.
    const url = normalized.refusal.kind === 'url';
    return stoppedOutcome(run, claim, llm, {
      label: 'REFUSED',
      headline: url ? '이 주소의 글은 가져올 수 없습니다' : '사실 여부를 확인할 수 있는 주장이 아닙니다',
      summary: normalized.refusal.message,
      refusal_reason: normalized.refusal.reason,
      next_step: url
        ? '기사 본문에서 확인하고 싶은 문장을 복사해 글로 입력해 주세요.'
        : '확인하고 싶은 사실을 "누가 언제 무엇을 했다"처럼 한 문장으로 적어 주세요.',
      flag: url ? 'URL_REFUSED' : 'NOT_CHECKABLE',
    });
  }
  if (run.degraded) {
    // Without the article (or the claim) there is nothing to check: say so rather than search for a URL.
    return stoppedOutcome(run, claim, llm, {
      label: 'UNVERIFIED',
      headline: '입력한 내용을 읽지 못해 확인하지 못했습니다',
      summary: run.failures[0]?.display ?? '기사나 글을 가져오는 중 문제가 생겼습니다.',
      next_step: '기사 본문에서 확인하고 싶은 문장을 복사해 글로 입력해 주세요.',
      flag: request.input_type === 'url' ? 'FETCH_FAILED' : 'STAGE_FAILED',
    });
  }

  let evidence: Scored[];
  let related: Scored[];
  if (options.evidence) {
    evidence = related = scoreEvidence(claim, options.evidence);
    for (const stage of [
      'stage02_querygen',
      'stage03_wiki',
      'stage03_web',
      'stage03_merge',
      'stage04_score',
      'stage05_topk',
    ] as const) {
      run.skip(stage, { reason: 'evidence given' });
    }
  } else {
    ({ top: evidence, related } = await collectAndRank(run, claim, normalized, llm.claim));
  }

  let findings: ReturnType<typeof assessAll> | undefined;
  const verifier = (role: VerifierReport['role'], client: LlmClient | undefined) =>
    run.stage(
      role === 'support' ? 'stage06_verify_support' : 'stage07_verify_skeptic',
      (scope) =>
        client
          ? verifyWithLlm(role, claim, evidence, client, scope)
          : verifyWithRules(role, (findings ??= assessAll(claim, evidence)), evidence),
      (reason) => emptyReport(role, reason),
      summarizeReport,
    );
  const reports = await Promise.all([verifier('support', llm.verify), verifier('skeptic', llm.verify)]);

  const agg = await run.stage(
    'stage08_aggregate',
    () => aggregate(reports, evidence, claim),
    () => aggregate([], evidence),
    (a) => ({
      support: a.support.length,
      refute: a.refute.length,
      credible_support: a.credible_support,
      credible_refute: a.credible_refute,
      dropped: a.dropped,
    }),
  );

  let judge: JudgeAnswer | undefined;
  const hasCitations = agg.support.length + agg.refute.length > 0;
  if (llm.judge && hasCitations && !run.degraded) {
    judge = await run.stage<JudgeAnswer | undefined>(
      'stage09_judge',
      (scope) => judgeWithLlm(claim, agg, llm.judge!, scope),
      () => undefined,
      (j) => (j ? { label: j.label, confidence: j.confidence, headline: j.headline } : { failed: true }),
    );
  } else {
    // Nothing to weigh (or a stage already failed): the rules decide without spending a call.
    run.skip('stage09_judge', {
      reason: llm.judge ? (run.degraded ? 'earlier stage failed' : 'no citations') : 'rules',
    });
  }

  const verdict = decideVerdict({
    agg,
    judge,
    rulesConfidence: Math.max(...reports.map((r) => r.confidence), 0),
    degraded: run.degraded,
    flags: run.flags,
  });
  run.outputs.verdict = { label: verdict.label, confidence: verdict.confidence };

  const limitations = [...run.limitations, ...verdict.cautions];
  if (noLlm) limitations.push('AI 모델 없이 규칙 기반으로 판정했습니다. 문장의 미묘한 의미는 놓칠 수 있습니다.');
  for (const f of run.failures) limitations.push(`${f.stage} 단계가 실패해 판정을 보류했습니다.`);
  if (agg.dropped > 0) limitations.push(`근거에 없는 인용 ${agg.dropped}개를 제외했습니다.`);
  if (agg.overruled.length > 0)
    limitations.push(
      `주장과 어긋나는 내용(부정·수치·순서)을 담은 인용 ${agg.overruled.length}개는 뒷받침 근거로 쓰지 않았습니다.`,
    );

  return {
    label: verdict.label,
    confidence: verdict.confidence,
    headline: verdict.headline,
    summary: verdict.summary,
    rationale: verdict.rationale,
    claim,
    citations: verdict.citations,
    counter_evidence: verdict.counter_evidence,
    limitations,
    recommended_next_steps: verdict.next_steps,
    risk_flags: [...run.flags],
    model_info: modelInfo(llm),
    related: relatedPassages(claim, related),
    stages: run.timings,
    stage_outputs: run.outputs,
    cacheable: !run.degraded,
  };
}

/** Stages 2–5: queries, both collectors in parallel, merge, score, top-k. */
async function collectAndRank(
  run: RunContext,
  claim: string,
  normalized: Normalized,
  claimLlm: LlmClient | undefined,
): Promise<{ top: Scored[]; related: Scored[] }> {
  const { deps } = run;
  const checked = normalized.article ?? deps.sourceArticle;
  const queries = await run.stage<Queries>(
    'stage02_querygen',
    (scope) => querygen(claim, scope, claimLlm),
    () => ({ wiki: [claim], news: [cutAt(claim, 100)], source: 'rules' }),
    (q) => ({ search_queries: { wiki: q.wiki, news: q.news }, source: q.source }),
  );

  const wikiRun = run.stage<Evidence[]>(
    'stage03_wiki',
    () => collectWiki(queries.wiki, deps.wiki, subjectTitles(claim)),
    () => [],
    (items) => ({ count: items.length, items: summarizeEvidence(items) }),
  );
  const webRun =
    deps.providers.length === 0
      ? (run.skip('stage03_web', { reason: 'no news provider configured' }),
        Promise.resolve<WebCollection>({ evidence: [], errors: [] }))
      : run.stage<WebCollection>(
          'stage03_web',
          (scope) =>
            collectWeb(
              deps.providers,
              queries.news,
              scope.signal,
              deps.fullText && { reader: deps.fullText, remainingMs: scope.remainingMs, checked },
            ),
          () => ({ evidence: [], errors: [] }),
          (w) => ({
            count: w.evidence.length,
            items: summarizeEvidence(w.evidence),
            errors: w.errors.map((e) => e.provider),
            ...(w.full_text ? { full_text: w.full_text } : {}),
          }),
        );
  const [wiki, web] = await Promise.all([wikiRun, webRun]);
  if (web.errors.length > 0)
    run.limitations.push(
      `뉴스 검색 일부가 실패했습니다(${[...new Set(web.errors.map((e) => e.provider))].join(', ')}).`,
    );
  if (deps.providers.length === 0) run.limitations.push('뉴스 검색이 설정되지 않아 위키 자료만 확인했습니다.');

  const merged = await run.stage(
    'stage03_merge',
    () => mergeCandidates([wiki, web.evidence], checked),
    () => ({ candidates: [...wiki, ...web.evidence], self_citations: 0 }),
    (m) => ({ candidates: m.candidates.length, self_citations: m.self_citations }),
  );
  if (merged.self_citations + (web.full_text?.self_citations ?? 0) > 0) run.flags.add('SELF_CITATION_REMOVED');

  const scored = await run.stage(
    'stage04_score',
    () => scoreEvidence(claim, merged.candidates, deps.evidenceTerms),
    () => [],
    (s) => ({
      scored: s.length,
      best: s.slice(0, 5).map((e) => ({ evid_id: e.evid_id, score: Math.round(e.score * 1000) / 1000 })),
    }),
  );
  const top = await run.stage(
    'stage05_topk',
    () => topEvidence(scored),
    () => [],
    (items) => ({ count: items.length, items: summarizeEvidence(items) }),
  );
  return { top, related: relatedEvidence(scored, top) };
}

interface Stop {
  label: 'REFUSED' | 'UNVERIFIED';
  headline: string;
  summary: string;
  refusal_reason?: string;
  next_step: string;
  flag: RiskFlag;
}

/** A run that ends early (after OCR or stage 1): the stages not yet run are reported as skipped. */
function stoppedOutcome(run: RunContext, claim: string, llm: PipelineDeps['llm'], stop: Stop): PipelineOutcome {
  for (const stage of STAGE_NAMES) {
    if (!run.timings.some((t) => t.stage === stage))
      run.skip(stage, { reason: stop.label === 'REFUSED' ? 'refused' : 'input unreadable' });
  }
  run.flags.add(stop.flag);
  return {
    label: stop.label,
    confidence: 0,
    headline: stop.headline,
    summary: stop.summary,
    rationale: [stop.summary],
    claim,
    ...(stop.refusal_reason ? { refusal_reason: stop.refusal_reason } : {}),
    citations: [],
    counter_evidence: [],
    limitations: [],
    recommended_next_steps: [stop.next_step],
    risk_flags: [...run.flags],
    model_info: modelInfo(llm),
    related: [],
    stages: run.timings,
    stage_outputs: run.outputs,
    cacheable: !run.degraded,
  };
}
