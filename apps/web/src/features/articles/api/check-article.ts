import type {
  ArticleCheckRequest,
  ArticleCheckResponse,
  ArticleClaim,
  ArticleStreamEvent,
  FoundClaim,
} from '@olala/contract/articles';
import type { StageName } from '@olala/contract/truth';
import { authedSend } from '../../../lib/auth.js';
import { readNdjson } from '../../../lib/ndjson.js';
import type { StageEvent } from '../../../lib/stages.js';

/** The article run ended with the server's `error` event (its message is Korean, for the screen). */
export class ArticleRunError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ArticleRunError';
  }
}

export interface ArticleStreamHandlers {
  onClaimFound(claim: FoundClaim): void;
  onStage(claimId: string, e: StageEvent): void;
  onClaimComplete(claim: Pick<ArticleClaim, 'id' | 'result' | 'error'>): void;
}

/**
 * `POST /v1/articles/check/stream` as the user: the claims as they are found, each claim's stages
 * with its id, each claim's verdict, then the whole run. Aborting `signal` closes the connection,
 * and the server stops every claim's check.
 */
export async function streamArticleCheck(
  body: ArticleCheckRequest,
  signal: AbortSignal,
  on: ArticleStreamHandlers,
): Promise<ArticleCheckResponse> {
  const res = await authedSend('/v1/articles/check/stream', {
    method: 'POST',
    body,
    headers: { accept: 'application/x-ndjson' },
    signal,
  });
  let end: { result: ArticleCheckResponse } | { error: ArticleRunError } | undefined;
  await readNdjson<ArticleStreamEvent>(res, (event) => {
    switch (event.event) {
      case 'claim_found':
        on.onClaimFound(event.data);
        break;
      case 'stage_complete': {
        // An image's reading belongs to no claim; the claims' progress starts when they are found.
        if (!event.claim_id) break;
        const data = event.data as { status?: string; ms?: number };
        on.onStage(event.claim_id, { stage: event.stage as StageName, status: data.status ?? 'ok', ms: data.ms });
        break;
      }
      case 'claim_complete':
        on.onClaimComplete(event.data);
        break;
      case 'complete':
        end = { result: event.data };
        break;
      case 'error': {
        const data = event.data as { code: string; message: string; display_message?: string };
        end = { error: new ArticleRunError(data.code, data.display_message || data.message) };
        break;
      }
    }
    return end !== undefined;
  });
  if (!end) throw new Error('the stream ended without a result');
  if ('error' in end) throw end.error;
  return end.result;
}
