import { randomUUID } from 'node:crypto';
import {
  cleanText,
  type ArticleCheckRequest,
  type ArticleCheckResponse,
  type ArticleClaim,
  type ErrorResponse,
  type FoundClaim,
  type OcrView,
} from '@olala/contract';
import { FetchError, FetchRefusedError } from '../fetch/errors.js';
import { isoDate as parseDate } from '../fetch/article.js';
import { RunCancelledError, type RunLogger } from '../analyses/service.js';
import { DEFAULT_BUDGETS } from '../pipeline/run-context.js';
import { modelInfo } from '../pipeline/run.js';
import { decompose } from '../pipeline/stages/decompose/index.js';
import type { PipelineDeps, StageEvent } from '../pipeline/types.js';
import { attachedImage, OcrTimeoutError, ocrRefusal, type OcrResult } from '../ocr/index.js';
import { claimConcurrency, claimGroup, groupSignal, mapBounded, type CheckClaim } from './claim-group.js';
import { saveArticle } from './store.js';
import { summarize } from './summary.js';

/** Below this much of the run's budget a claim is not started: it could only time out. */
const MIN_CLAIM_MS = 1_000;

/**
 * The input cannot become an article: a URL never fetched, a page that failed, no text in it,
 * or a screenshot with too little or too unsure text (`REFUSED`, saying what was read).
 */
export class ArticleInputError extends Error {
  readonly expose = true;
  constructor(
    readonly statusCode: 400 | 502 | 503,
    readonly code: 'URL_REFUSED' | 'FETCH_FAILED' | 'EMPTY_ARTICLE' | 'REFUSED' | 'OCR_TIMEOUT',
    /** Korean, for the user. */
    message: string,
  ) {
    super(message);
    this.name = 'ArticleInputError';
  }
}

export interface ArticleCheckOptions {
  /** The claims to verify at most (the request's `max_claims`, else the configured default). */
  maxClaims: number;
  /** How long a claim's result is served again for the same wording (0 = never). */
  cacheMs: number;
  streamed: boolean;
  signal?: AbortSignal;
  log?: RunLogger;
  concurrency?: number;
  /** Signed-in requests: the run joins this user's History. */
  userId?: string;
  /** Image inputs: `stage00_ocr`, before any claim is found. */
  onArticleStage?: (event: StageEvent) => void;
  onClaimFound?: (claim: FoundClaim) => void;
  onStage?: (claimId: string, event: StageEvent) => void;
  onClaimComplete?: (claim: Pick<ArticleClaim, 'id' | 'result' | 'error'>) => void;
  /** How one claim is checked: `checkTruth` (tests put a failing one in). */
  checkClaim?: CheckClaim;
}

const CLAIM_FAILED: ErrorResponse = {
  code: 'CLAIM_FAILED',
  message: '이 주장을 확인하는 중 문제가 생겼습니다. 잠시 후 다시 시도해 주세요.',
};
const CLAIM_TIMEOUT: ErrorResponse = { code: 'TIMEOUT', message: '검증 시간이 다 되어 이 주장은 확인하지 못했습니다.' };
const CLAIM_CANCELLED: ErrorResponse = { code: 'CANCELLED', message: '검증이 취소되었습니다.' };

interface ArticleText {
  title: string;
  url: string | null;
  published_at: string | null;
  text: string;
  /** Image inputs: what OCR read. */
  ocr?: OcrView;
}

/** Dates as the store gives them back (UTC, milliseconds), so a stored run reads as it was answered; null as the response has it. */
const isoDate = (raw: string | undefined): string | null => parseDate(raw) ?? null;

async function readArticle(
  deps: PipelineDeps,
  request: ArticleCheckRequest,
  options: ArticleCheckOptions,
): Promise<ArticleText> {
  const signal = options.signal;
  if (request.input_type === 'image') return readScreenshot(deps, request, options);
  if (request.input_type === 'text') {
    return {
      title: request.title?.trim() ?? '',
      url: null,
      published_at: isoDate(request.published_at),
      text: cleanText(request.input_payload),
    };
  }
  if (!deps.fetchArticle) throw new Error('URL inputs need an article fetcher');
  const url = request.input_payload.trim();
  let page: Awaited<ReturnType<NonNullable<PipelineDeps['fetchArticle']>>> & { published_at?: string };
  try {
    page = await deps.fetchArticle(url, signal ?? new AbortController().signal);
  } catch (err) {
    if (err instanceof FetchRefusedError && err.neverFetched)
      throw new ArticleInputError(400, 'URL_REFUSED', err.display_message);
    if (err instanceof FetchError) throw new ArticleInputError(502, 'FETCH_FAILED', err.display_message);
    throw err;
  }
  if (!page.text.trim())
    throw new ArticleInputError(
      400,
      'EMPTY_ARTICLE',
      '가져온 페이지에서 기사 본문을 찾지 못했습니다. 본문을 복사해 글로 입력해 주세요.',
    );
  return {
    title: page.title,
    url: page.canonical_url ?? page.url,
    published_at: isoDate(page.published_at),
    text: page.text,
  };
}

/**
 * A screenshot's text, read as the truth check's `stage00_ocr` reads it (the route decoded and
 * prepared the image) and refused by the same rule: too few letters or too unsure.
 */
async function readScreenshot(
  deps: PipelineDeps,
  request: ArticleCheckRequest,
  options: ArticleCheckOptions,
): Promise<ArticleText> {
  const image = attachedImage(request);
  if (!image || !deps.ocr) throw new Error('image inputs need the OCR service and a decoded image');
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  let ocr: OcrResult;
  try {
    ocr = await deps.ocr.recognize(image, options.signal);
  } catch (err) {
    if (options.signal?.aborted) throw new RunCancelledError();
    const timeout = err instanceof OcrTimeoutError;
    options.onArticleStage?.({ stage: 'stage00_ocr', status: timeout ? 'timeout' : 'failed', ms: ms(), data: {} });
    if (timeout) throw new ArticleInputError(503, 'OCR_TIMEOUT', err.display_message);
    throw err;
  }
  options.onArticleStage?.({
    stage: 'stage00_ocr',
    status: 'ok',
    ms: ms(),
    data: {
      chars: ocr.text.length,
      lines: ocr.lines.length,
      confidence: ocr.confidence,
      dropped: ocr.dropped.length,
      inverted: ocr.inverted,
      scale: ocr.scale,
    },
  });
  const refusal = ocrRefusal(ocr);
  if (refusal) throw new ArticleInputError(400, 'REFUSED', refusal);
  return {
    title: request.title?.trim() ?? '',
    url: null,
    published_at: isoDate(request.published_at),
    text: cleanText(ocr.text),
    ocr: { text: ocr.text, confidence: ocr.confidence, lines: ocr.lines },
  };
}

/**
 * One article: read (fetched SSRF-safely, or the pasted text), decomposed into claims, each
 * claim checked by `checkTruth` — its own full result, stored and cached like any check —
 * side by side within the run's budget, their wiki searches run together in one pool. A claim that fails is an
 * error entry; the others stand. The run is stored whole at the end, cancelled runs included.
 */
export async function checkArticle(
  deps: PipelineDeps,
  request: ArticleCheckRequest,
  options: ArticleCheckOptions,
): Promise<ArticleCheckResponse> {
  const started = performance.now();
  const createdAt = new Date().toISOString();
  const articleId = randomUUID();
  const log = options.log?.child({ article_id: articleId });
  const deadline = started + (deps.budgets?.totalMs ?? DEFAULT_BUDGETS.totalMs);
  const remaining = () => deadline - performance.now();

  const { ocr, ...article } = await readArticle(deps, request, options);
  const decomposition = await decompose(
    {
      text: article.text,
      title: article.title,
      published_at: article.published_at ?? undefined,
      max_claims: options.maxClaims,
    },
    {
      llm: deps.llm.claim,
      signal: options.signal,
      timeoutMs: Math.min(DEFAULT_BUDGETS.stageMs.stage01_normalize ?? 20_000, remaining()),
    },
  );
  if (decomposition.llm_error)
    log?.warn({ reason: decomposition.llm_error }, 'LLM decomposition failed; the rules found the claims');
  log?.info(
    {
      claims: decomposition.claims.length,
      skipped: decomposition.skipped.length,
      source: decomposition.source,
      dropped: decomposition.dropped,
    },
    'article decomposed',
  );
  // What a claim is, before its check: announced as found, then the head of its entry.
  const heads = decomposition.claims.map((c) => ({
    id: c.id,
    text: c.text,
    spans: c.spans,
    checkworthiness: c.checkworthiness,
    type: c.type,
    main: c.main,
  }));
  for (const head of heads) options.onClaimFound?.(head);

  // The claims move through their searches and their stored runs together: one batch of each.
  const group = claimGroup(
    // News searches find the article first; its own text must not confirm its claims.
    article.url ? { ...deps, sourceArticle: { url: article.url, title: article.title, text: article.text } } : deps,
    options.checkClaim,
    // No one hears of a claim before the article ends: its runs are stored with it, in one statement.
    { keepRuns: !options.onClaimComplete },
  );
  const concurrency = options.concurrency ?? claimConcurrency(deps, decomposition.claims.length);
  const stop = groupSignal(options.signal, Math.min(concurrency, decomposition.claims.length));
  const claims = await mapBounded(heads, concurrency, async (base): Promise<ArticleClaim> => {
    let entry: ArticleClaim;
    if (options.signal?.aborted) entry = { ...base, result: null, error: CLAIM_CANCELLED };
    else if (remaining() < MIN_CLAIM_MS) entry = { ...base, result: null, error: CLAIM_TIMEOUT };
    else {
      try {
        const result = await group.check(
          { input_type: 'text', input_payload: base.text },
          {
            streamed: options.streamed,
            cacheMs: options.cacheMs,
            ...(stop.signal ? { signal: stop.signal } : {}),
            log: log?.child({ claim_id: base.id }),
            onStage: (e) => options.onStage?.(base.id, e),
          },
          Math.round(remaining()),
        );
        entry = { ...base, result };
      } catch (err) {
        if (err instanceof RunCancelledError || options.signal?.aborted)
          entry = { ...base, result: null, error: CLAIM_CANCELLED };
        else {
          log?.error({ err, claim_id: base.id }, 'claim check failed');
          entry = { ...base, result: null, error: CLAIM_FAILED };
        }
      }
    }
    options.onClaimComplete?.({ id: entry.id, result: entry.result, ...(entry.error ? { error: entry.error } : {}) });
    return entry;
  }).finally(stop.release);

  const status = options.signal?.aborted ? 'cancelled' : 'complete';
  const response: ArticleCheckResponse = {
    article_id: articleId,
    created_at: createdAt,
    status,
    latency_ms: Math.round(performance.now() - started),
    model_info: modelInfo(deps.llm),
    article,
    claims,
    skipped: decomposition.skipped,
    summary: summarize(claims, decomposition.skipped, decomposition.source),
    ...(ocr ? { ocr } : {}),
  };
  try {
    await saveArticle(deps.db, {
      response,
      input_type: request.input_type,
      streamed: options.streamed,
      userId: options.userId,
      runs: group.runs(),
    });
  } catch (err) {
    log?.error({ err }, 'saving the article failed');
  }
  if (status === 'cancelled') throw new RunCancelledError();
  log?.info(
    {
      claims: claims.length,
      counts: response.summary.counts,
      failed: response.summary.failed,
      latency_ms: response.latency_ms,
      ...group.stats(),
    },
    'article check complete',
  );
  return response;
}
