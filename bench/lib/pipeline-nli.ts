/**
 * KLUE-NLI dev through the whole no-LLM pipeline (runPipeline with the premise as the only
 * evidence, stages 2–5 skipped), scored with bench/lib/nli-eval.ts's metrics, and compared
 * item by item with that file's direct call of the rules (`predict`) to explain any gap.
 */
import {
  assessEvidence,
  evidenceId,
  MAX_QUOTE_CHARS,
  MIN_QUOTE_CHARS,
  normaliseWhitespace,
  runPipeline,
  type Evidence,
  type PipelineDeps,
  type RefusalReason,
} from '@olala/core/pipeline';
import {
  missedTargets,
  predict,
  score,
  type Label,
  type NliFigures,
  type NliItem,
  type Prediction,
} from './nli-eval.js';

/** The premise as a trusted encyclopedia-tier document, so a quote from it is credible. */
export function premiseEvidence(item: Pick<NliItem, 'guid' | 'premise'>): Evidence {
  const url = `klue-nli://${item.guid}`;
  return {
    evid_id: evidenceId(url, 'premise'),
    source_type: 'KB_DOC',
    title: 'KLUE-NLI premise',
    url,
    content: item.premise,
    provider: 'klue-nli',
    trust_tier: 'encyclopedia',
    trust: 0.82,
    relevance: 0,
  };
}

export interface PipelinePrediction extends Prediction {
  /** The pipeline's own label, before MIXED and REFUSED are folded into UNVERIFIED. */
  raw: string;
}

export async function predictThroughPipeline(deps: PipelineDeps, item: NliItem): Promise<PipelinePrediction> {
  const outcome = await runPipeline(
    { ...deps, llm: {} },
    { input_type: 'text', input_payload: item.hypothesis },
    { evidence: [premiseEvidence(item)] },
  );
  const label: Label = outcome.label === 'TRUE' || outcome.label === 'FALSE' ? outcome.label : 'UNVERIFIED';
  const refused = outcome.label === 'REFUSED' ? ((outcome.refusal_reason ?? 'unknown') as RefusalReason) : null;
  return { label, refused, raw: outcome.label };
}

/** Why the pipeline's label differs from the direct rules' on one item, as far as can be told. */
function diagnose(item: NliItem, direct: Prediction, piped: PipelinePrediction): string {
  if (piped.raw === 'MIXED') return 'pipeline said MIXED';
  if ((direct.refused === null) !== (piped.refused === null))
    return 'checkability differs (whitespace-normalised claim?)';
  const finding = assessEvidence(item.hypothesis, { evid_id: 'premise', content: item.premise });
  if (finding) {
    const q = normaliseWhitespace(finding.quote);
    if (q.length < MIN_QUOTE_CHARS) return `rule quote shorter than MIN_QUOTE_CHARS (${MIN_QUOTE_CHARS})`;
    if (q.length > MAX_QUOTE_CHARS) return `rule quote longer than MAX_QUOTE_CHARS (${MAX_QUOTE_CHARS})`;
    if (!normaliseWhitespace(item.premise).includes(q)) return 'rule quote not verbatim in the premise';
  }
  return 'other';
}

export interface PipelineNliReport {
  wiki: NliFigures;
  all: NliFigures;
  /** The same items through bench/lib/nli-eval.ts's direct `predict`. */
  direct_wiki: NliFigures;
  direct_all: NliFigures;
  /** Items whose pipeline label differs from the direct rules' label. */
  disagreements: number;
  disagreement_reasons: Record<string, number>;
  disagreement_examples: {
    guid: string;
    gold: Label;
    direct: Label;
    pipeline: string;
    reason: string;
    hypothesis: string;
  }[];
  /** Pipeline labels before folding (REFUSED and MIXED count as UNVERIFIED in the figures). */
  raw_labels: Record<string, number>;
  refused_all: number;
  refused_wiki: number;
  ms_per_item: number;
  missed_targets: string[];
}

export async function evaluatePipelineNli(
  deps: PipelineDeps,
  items: readonly NliItem[],
  onProgress?: (done: number) => void,
): Promise<PipelineNliReport> {
  const piped: PipelinePrediction[] = [];
  const started = performance.now();
  for (const [i, item] of items.entries()) {
    piped.push(await predictThroughPipeline(deps, item));
    onProgress?.(i + 1);
  }
  const ms = performance.now() - started;
  const direct = items.map(predict);

  const reasons: Record<string, number> = {};
  const examples: PipelineNliReport['disagreement_examples'] = [];
  let disagreements = 0;
  items.forEach((item, i) => {
    const d = direct[i] as Prediction;
    const p = piped[i] as PipelinePrediction;
    if (d.label === p.label) return;
    disagreements++;
    const reason = diagnose(item, d, p);
    reasons[reason] = (reasons[reason] ?? 0) + 1;
    if (examples.length < 8)
      examples.push({
        guid: item.guid,
        gold: item.gold,
        direct: d.label,
        pipeline: p.raw,
        reason,
        hypothesis: item.hypothesis,
      });
  });

  const wikiIdx = items.flatMap((item, i) => (item.source === 'wikipedia' ? [i] : []));
  const pick = <T>(list: readonly T[], idx: readonly number[]) => idx.map((i) => list[i] as T);
  const wiki = score(pick(items, wikiIdx), pick(piped, wikiIdx));
  const all = score(items, piped);
  const raw: Record<string, number> = {};
  for (const p of piped) raw[p.raw] = (raw[p.raw] ?? 0) + 1;
  return {
    wiki,
    all,
    direct_wiki: score(pick(items, wikiIdx), pick(direct, wikiIdx)),
    direct_all: score(items, direct),
    disagreements,
    disagreement_reasons: reasons,
    disagreement_examples: examples,
    raw_labels: raw,
    refused_all: all.refused,
    refused_wiki: wiki.refused,
    ms_per_item: Math.round((ms / Math.max(1, items.length)) * 1000) / 1000,
    missed_targets: [...missedTargets(wiki, 'wiki'), ...missedTargets(all, 'all')],
  };
}
