import type { FinalVerdict, StageLog, TruthCheckResponse } from '@olala/contract';

/**
 * What a truth check answers, by request: `include_full_outputs` adds the stage outputs and the
 * predecessor console's `stage_logs` and `final_verdict` (also at
 * `stage_outputs.stage09_judge.final_verdict`, where its older builds read it); otherwise the
 * stage outputs stay out, even when the stored run carries them (a result served from the store
 * was perhaps asked for in debug mode).
 */
export function resultView(result: TruthCheckResponse, debug: boolean | null | undefined): TruthCheckResponse {
  const { stage_outputs, stage_logs: _logs, final_verdict: _verdict, ...rest } = result;
  if (!debug) return rest;
  const final_verdict: FinalVerdict = {
    label: result.label,
    confidence: result.confidence,
    summary: result.summary,
    risk_flags: result.risk_flags,
  };
  const stage_logs: StageLog[] = result.stages.map((s) => ({
    stage: s.stage,
    event: s.status === 'failed' || s.status === 'timeout' ? 'error' : 'end',
    status: s.status,
    ms: s.ms,
  }));
  const outputs = stage_outputs ?? {};
  const judge =
    typeof outputs.stage09_judge === 'object' && outputs.stage09_judge !== null ? outputs.stage09_judge : {};
  return {
    ...rest,
    stage_outputs: { ...outputs, stage09_judge: { ...judge, final_verdict } },
    stage_logs,
    final_verdict,
  };
}
