import type { PipelineErrorData, StageName, TruthCheckRequest, TruthCheckResponse, TruthStreamEvent } from '@olala/contract/truth';
import { send } from '../../../lib/api-client.js';

export interface StageEvent {
  stage: StageName;
  status: string;
  ms?: number;
}

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
  if (!res.body) throw new Error('the response has no body');
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (value) buffered += value;
    const lines = buffered.split('\n');
    buffered = done ? '' : lines.pop()!;
    for (const line of lines) {
      if (!line.trim()) continue;
      const event = JSON.parse(line) as TruthStreamEvent;
      if (event.event === 'stage_complete') {
        const data = event.data as { status?: string; ms?: number };
        options.onStage({ stage: event.stage, status: data.status ?? 'ok', ms: data.ms });
      } else if (event.event === 'complete') {
        await reader.cancel().catch(() => {});
        return event.data;
      } else if (event.event === 'error') {
        await reader.cancel().catch(() => {});
        throw new PipelineError(event.data);
      }
    }
    if (done) break;
  }
  throw new Error('the stream ended without a result');
}
