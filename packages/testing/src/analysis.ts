import { randomUUID } from 'node:crypto';
import type { TruthCheckResponse } from '@olala/contract';
import type { Queryable } from '@olala/core';
import { saveAnalysis } from '@olala/core/analyses';

/**
 * A stored analysis as the service writes it, without running the pipeline: for tests of what
 * reads analyses (history, the share page, backups). `result` overrides any field;
 * `userRequest` is the note a user sent with the check.
 */
export async function storeAnalysis(
  db: Queryable,
  result: Partial<TruthCheckResponse> & { claim: string },
  options: { userRequest?: string } = {},
): Promise<string> {
  const id = result.analysis_id ?? randomUUID();
  const full: TruthCheckResponse = {
    label: 'FALSE',
    confidence: 0.7,
    headline: `거짓: ${result.claim}`,
    summary: '요약',
    rationale: [],
    citations: [],
    counter_evidence: [],
    limitations: [],
    recommended_next_steps: [],
    risk_flags: [],
    model_info: { provider: 'none', model: 'rules', version: '1' },
    latency_ms: 1,
    cost_usd: 0,
    created_at: new Date().toISOString(),
    cached: false,
    stages: [],
    ...result,
    analysis_id: id,
  };
  await saveAnalysis(db, {
    input_type: 'text',
    input_payload: full.claim,
    user_request: options.userRequest ?? null,
    input_key: id,
    result: full,
    status: 'complete',
    streamed: false,
    cacheable: true,
  });
  return id;
}
