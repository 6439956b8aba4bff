import path from 'node:path';
import { loadFetchConfig, type FetchConfig } from './fetch/config.js';
import { loadLlmConfig, type LlmConfig } from './llm/config.js';
import { loadSourcesConfig, type SourcesConfig } from './sources/config.js';
import {
  ConfigError,
  invalid,
  readEnum,
  readInteger,
  readSecondsAsMs,
  readString,
  readUrl,
  redactUrl,
  type Env,
} from './config-readers.js';

/**
 * Runtime configuration, read once from the environment and validated, so a typo in a
 * variable fails at start with the variable's name instead of surfacing later as odd behaviour.
 */
export interface Config {
  /** Unset → embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  /**
   * A streaming-replication standby of DATABASE_URL for wiki reads (search, pages, status);
   * everything else, writes and read-your-writes reads, stays on the primary.
   */
  databaseReadUrl: string | undefined;
  dataDir: string;
  host: string;
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Largest accepted request body, in bytes. */
  bodyLimit: number;
  ollamaUrl: string | undefined;
  embedModel: string | undefined;
  /** Which embedding API EMBED_BASE_URL speaks: Ollama's `/api/embed` or OpenAI's `/v1/embeddings`. */
  embedProvider: 'ollama' | 'openai';
  /** Unset with the ollama provider → OLLAMA_URL. */
  embedBaseUrl: string | undefined;
  /** Bearer token for the openai provider. Secret: never log it. */
  embedApiKey: string | undefined;
  /** Expected vector length; a model that answers with another length is refused. */
  embedDims: number | undefined;
  /** Texts per embedding request in the backfill. */
  embedBatch: number;
  embedTimeoutMs: number;
  llmModels: string[];
  /** The verification pipeline's models per role (SLM1_*, SLM2_*, JUDGE_*). */
  llm: LlmConfig;
  /** Fetching the URLs users submit. */
  fetch: FetchConfig;
  /** News search providers (Naver, Google News RSS). */
  sources: SourcesConfig;
  /** How long a result is served again for the same input, in seconds (0 = always run). */
  resultCacheSeconds: number;
  /**
   * The whole verification run's time (RUN_BUDGET_SECONDS): searches, reading articles and the
   * LLM calls; the LLM calls alone are bounded by `llm.requestBudgetMs` within it.
   */
  runBudgetMs: number;
  /** Verification runs at once; more are refused with 503. */
  maxConcurrentChecks: number;
  /** Claims an article check verifies when the request names no `max_claims` (1–20). */
  articleMaxClaims: number;
  /**
   * Which reverse proxies to believe about the client's address (X-Forwarded-For), so rate
   * limits count users rather than the proxy: false, a hop count, or addresses/CIDRs.
   */
  trustProxy: boolean | number | string;
  /** Bearer token a Prometheus scraper sends to GET /metrics; unset, only loopback may read it. Secret. */
  metricsToken: string | undefined;
  /**
   * The origin users reach the app at (`https://olala.example`), for absolute URLs in pages
   * (share previews). Never taken from a request's Host or X-Forwarded-Host, which clients choose.
   */
  publicUrl: string | undefined;
  /**
   * Who publishes the fact-checks: the author of the schema.org ClaimReview on share pages
   * (OLALA_ORG_NAME, default "OLaLA"; OLALA_ORG_URL, default the public URL).
   */
  organization: { name: string; url: string | undefined };
  /** Reading the text of uploaded screenshots (packages/core/src/ocr). */
  ocr: OcrConfig;
}

export interface OcrConfig {
  /** Warm tesseract.js workers, each a thread with ~150 MB of models; started on first use. */
  workers: number;
  /** Models each worker loads, from the @tesseract.js-data npm packages. */
  langs: ('kor' | 'eng')[];
  /** One image's recognition; past it the worker is recycled and the stage fails. */
  timeoutMs: number;
  /** Largest image file accepted, decoded from base64. */
  maxBytes: number;
  /** Largest width × height, read from the header before anything is decoded. */
  maxPixels: number;
}

function trustProxy(env: Env): Config['trustProxy'] {
  const raw = readString(env, 'OLALA_TRUST_PROXY') ?? '';
  if (raw === '' || raw === '0' || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  if (/^[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*$/.test(raw)) return raw;
  throw invalid('OLALA_TRUST_PROXY', 'false, true, a hop count, or comma-separated addresses/CIDRs', raw);
}

const DEFAULT_RUN_BUDGET_SECONDS = 90;
let warnedBudgetAlias = false;

/**
 * LLM_REQUEST_BUDGET_SECONDS used to bound the whole run while its name said LLM calls. It now
 * bounds the LLM calls only, but a deployment that set it alone keeps its run length: it also
 * stands for RUN_BUDGET_SECONDS then, with one deprecation warning per process.
 */
function runBudgetMs(env: Env, llm: LlmConfig): number {
  if (
    readString(env, 'RUN_BUDGET_SECONDS') !== undefined ||
    readString(env, 'LLM_REQUEST_BUDGET_SECONDS') === undefined
  ) {
    return readSecondsAsMs(env, 'RUN_BUDGET_SECONDS', DEFAULT_RUN_BUDGET_SECONDS, { min: 1, max: 3600 });
  }
  if (!warnedBudgetAlias) {
    warnedBudgetAlias = true;
    process.emitWarning(
      'LLM_REQUEST_BUDGET_SECONDS now bounds only the LLM calls of a run; set RUN_BUDGET_SECONDS for the whole run (until then it takes the same value)',
      { type: 'DeprecationWarning', code: 'OLALA_RUN_BUDGET' },
    );
  }
  return llm.requestBudgetMs;
}

/** At most this many characters: a name shown as the author of every fact-check. */
const ORG_NAME_MAX = 100;

function organization(env: Env, publicOrigin: string | undefined): Config['organization'] {
  const name = readString(env, 'OLALA_ORG_NAME')?.trim() || 'OLaLA';
  if (name.length > ORG_NAME_MAX || /[\p{Cc}]/u.test(name))
    throw invalid('OLALA_ORG_NAME', `one line of at most ${ORG_NAME_MAX} characters`, name.slice(0, 40));
  return { name, url: readUrl(env, 'OLALA_ORG_URL', { protocols: ['http:', 'https:'] }) ?? publicOrigin };
}

function publicUrl(env: Env): string | undefined {
  const raw = readUrl(env, 'OLALA_PUBLIC_URL', { protocols: ['http:', 'https:'] });
  if (!raw) return undefined;
  const u = new URL(raw);
  const problem =
    u.username || u.password
      ? 'must not contain credentials'
      : u.pathname !== '/' || u.search || u.hash || raw.includes('?') || raw.includes('#')
        ? 'must be an origin only (the app is served at /), without path, query or fragment'
        : undefined;
  if (problem)
    throw invalid('OLALA_PUBLIC_URL', 'an http(s) origin such as https://olala.example', redactUrl(raw), problem);
  return u.origin;
}

/**
 * Korean alone by default: with eng loaded too, tesseract read Hangul words of chat captures as
 * Latin look-alikes (단톡방 → "HEY"), 10 % CER against 1.3 % (bench:ocr). The kor model reads
 * digits and Latin letters itself; kor+eng suits captures that are mostly English.
 */
const OCR_DEFAULT_LANGS = 'kor';

function ocrLangs(env: Env): OcrConfig['langs'] {
  const raw = readString(env, 'OLALA_OCR_LANGS') ?? OCR_DEFAULT_LANGS;
  const langs = raw.split('+');
  if (!langs.every((l): l is 'kor' | 'eng' => l === 'kor' || l === 'eng') || new Set(langs).size !== langs.length) {
    throw invalid('OLALA_OCR_LANGS', 'kor, eng, kor+eng or eng+kor', raw);
  }
  return langs;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: Env = process.env): Config {
  const llm = loadLlmConfig(env);
  const databaseUrl = readUrl(env, 'DATABASE_URL');
  const databaseReadUrl = readUrl(env, 'DATABASE_READ_URL');
  if (databaseReadUrl && !databaseUrl) {
    // The embedded database belongs to one process and has no replicas to read from.
    throw new ConfigError(
      'DATABASE_READ_URL',
      'is set without DATABASE_URL: a read replica needs a PostgreSQL primary; set DATABASE_URL too, or unset DATABASE_READ_URL',
    );
  }
  return {
    databaseUrl,
    databaseReadUrl,
    dataDir: path.resolve(readString(env, 'OLALA_DATA_DIR') ?? './data'),
    host: readString(env, 'HOST') ?? '0.0.0.0',
    port: readInteger(env, 'PORT', 8080, { min: 0, max: 65535 }),
    logLevel: readEnum(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    bodyLimit: readInteger(env, 'OLALA_BODY_LIMIT', 256 * 1024, { min: 1024, max: 16 * 1024 * 1024 }),
    ollamaUrl: readUrl(env, 'OLLAMA_URL'),
    embedModel: readString(env, 'EMBED_MODEL'),
    embedProvider: readEnum(env, 'EMBED_PROVIDER', ['ollama', 'openai'], 'ollama'),
    embedBaseUrl: readUrl(env, 'EMBED_BASE_URL'),
    embedApiKey: readString(env, 'EMBED_API_KEY'),
    embedDims: readString(env, 'EMBED_DIM') ? readInteger(env, 'EMBED_DIM', 0, { min: 1, max: 16000 }) : undefined,
    embedBatch: readInteger(env, 'EMBED_BATCH', 32, { min: 1, max: 2048 }),
    embedTimeoutMs: readInteger(env, 'EMBED_TIMEOUT_MS', 120_000, { min: 100, max: 3_600_000 }),
    // The models `olala check` expects Ollama to have: the roles it serves, not OpenAI-compatible ones.
    llmModels: [...new Set(Object.values(llm.roles).flatMap((r) => (r?.provider === 'ollama' ? [r.model] : [])))],
    llm,
    fetch: loadFetchConfig(env),
    sources: loadSourcesConfig(env),
    resultCacheSeconds: readInteger(env, 'OLALA_RESULT_CACHE_SECONDS', 3600, { min: 0, max: 30 * 86400 }),
    runBudgetMs: runBudgetMs(env, llm),
    maxConcurrentChecks: readInteger(env, 'OLALA_MAX_CONCURRENT_CHECKS', 16, { min: 1, max: 1000 }),
    articleMaxClaims: readInteger(env, 'OLALA_ARTICLE_MAX_CLAIMS', 8, { min: 1, max: 20 }),
    trustProxy: trustProxy(env),
    metricsToken: readString(env, 'OLALA_METRICS_TOKEN'),
    publicUrl: publicUrl(env),
    organization: organization(env, publicUrl(env)),
    ocr: {
      workers: readInteger(env, 'OLALA_OCR_WORKERS', 1, { min: 1, max: 16 }),
      langs: ocrLangs(env),
      timeoutMs: readInteger(env, 'OLALA_OCR_TIMEOUT_MS', 30_000, { min: 1_000, max: 600_000 }),
      maxBytes: readInteger(env, 'OLALA_OCR_MAX_BYTES', 8 * 1024 * 1024, { min: 1024, max: 32 * 1024 * 1024 }),
      maxPixels: readInteger(env, 'OLALA_OCR_MAX_PIXELS', 40_000_000, { min: 10_000, max: 200_000_000 }),
    },
  };
}
