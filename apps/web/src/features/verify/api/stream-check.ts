import type { PipelineErrorData, TruthCheckRequest, TruthCheckResponse, TruthStreamEvent } from '@olala/contract/truth';
import { send } from '../../../lib/api-client.js';
import { readNdjson } from '../../../lib/ndjson.js';
import type { StageEvent } from '../../../lib/stages.js';

export type { StageEvent };

/** The run ended with the server's `error` event. */
export class PipelineError extends Error {
  constructor(readonly data: PipelineErrorData) {
    super(data.display_message || data.message);
    this.name = 'PipelineError';
  }
}

/**
 * `POST /api/truth/check/stream`: NDJSON lines read as they arrive, each finished stage passed to
 * `onStage`. Aborting `signal` closes the connection, and the server stops the run.
 */
export async function streamCheck(
  body: TruthCheckRequest,
  options: { signal: AbortSignal; headers?: Record<string, string>; onStage: (e: StageEvent) => void },
): Promise<TruthCheckResponse> {
  const res = await send('/api/truth/check/stream', {
    method: 'POST',
    body,
    headers: { accept: 'application/x-ndjson', ...options.headers },
    signal: options.signal,
  });
  let end: { result: TruthCheckResponse } | { error: PipelineErrorData } | undefined;
  await readNdjson<TruthStreamEvent>(res, (event) => {
    if (event.event === 'stage_complete') {
      const data = event.data as { status?: string; ms?: number };
      options.onStage({ stage: event.stage, status: data.status ?? 'ok', ms: data.ms });
    } else if (event.event === 'complete') end = { result: event.data };
    else if (event.event === 'error') end = { error: event.data };
    return end !== undefined;
  });
  if (!end) throw new Error('the stream ended without a result');
  if ('error' in end) throw new PipelineError(end.error);
  return end.result;
}
