import path from 'node:path';
import { loadFetchConfig, type FetchConfig } from './fetch/config.js';
import { loadLlmConfig, type LlmConfig } from './llm/config.js';
import { loadSourcesConfig, type SourcesConfig } from './sources/config.js';

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

function trustProxy(env: NodeJS.ProcessEnv): Config['trustProxy'] {
  const raw = env.OLALA_TRUST_PROXY?.trim() ?? '';
  if (raw === '' || raw === '0' || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  if (/^[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*$/.test(raw)) return raw;
  throw new ConfigError('OLALA_TRUST_PROXY', `expected false, true, a hop count, or comma-separated addresses/CIDRs, got "${raw}"`);
}

export class ConfigError extends Error {
  constructor(readonly variable: string, reason: string) {
    super(`${variable}: ${reason}`);
    this.name = 'ConfigError';
  }
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `expected an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function url(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  try {
    new URL(raw);
  } catch {
    throw new ConfigError(name, `not a valid URL: "${redactUrl(raw)}"`);
  }
  return raw;
}

function publicUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = url(env, 'OLALA_PUBLIC_URL');
  if (!raw) return undefined;
  const u = new URL(raw);
  const problem =
    u.protocol !== 'http:' && u.protocol !== 'https:' ? 'must be http: or https:'
    : u.username || u.password ? 'must not contain credentials'
    : u.pathname !== '/' || u.search || u.hash || raw.includes('?') || raw.includes('#') ? 'must be an origin only (the app is served at /), without path, query or fragment'
    : undefined;
  if (problem) throw new ConfigError('OLALA_PUBLIC_URL', `${problem}: "${redactUrl(raw)}"`);
  return u.origin;
}

function embedProvider(env: NodeJS.ProcessEnv): Config['embedProvider'] {
  const raw = (env.EMBED_PROVIDER ?? '').trim().toLowerCase() || 'ollama';
  if (raw !== 'ollama' && raw !== 'openai') throw new ConfigError('EMBED_PROVIDER', `expected ollama or openai, got "${env.EMBED_PROVIDER}"`);
  return raw;
}

/**
 * Korean alone by default: with eng loaded too, tesseract read Hangul words of chat captures as
 * Latin look-alikes (단톡방 → "HEY"), 10 % CER against 1.3 % (bench:ocr). The kor model reads
 * digits and Latin letters itself; kor+eng suits captures that are mostly English.
 */
const OCR_DEFAULT_LANGS = 'kor';

function ocrLangs(env: NodeJS.ProcessEnv): OcrConfig['langs'] {
  const raw = (env.OLALA_OCR_LANGS ?? '').trim() || OCR_DEFAULT_LANGS;
  const langs = raw.split('+');
  if (!langs.every((l): l is 'kor' | 'eng' => l === 'kor' || l === 'eng') || new Set(langs).size !== langs.length) {
    throw new ConfigError('OLALA_OCR_LANGS', `expected kor, eng, kor+eng or eng+kor, got "${raw}"`);
  }
  return langs;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const llm = loadLlmConfig(env);
  const logLevel = (env.LOG_LEVEL ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `expected one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }
  const databaseUrl = url(env, 'DATABASE_URL');
  const databaseReadUrl = url(env, 'DATABASE_READ_URL');
  if (databaseReadUrl && !databaseUrl) {
    // The embedded database belongs to one process and has no replicas to read from.
    throw new ConfigError('DATABASE_READ_URL', 'is set without DATABASE_URL: a read replica needs a PostgreSQL primary; set DATABASE_URL too, or unset DATABASE_READ_URL');
  }
  return {
    databaseUrl,
    databaseReadUrl,
    dataDir: path.resolve(env.OLALA_DATA_DIR || './data'),
    host: env.HOST || '0.0.0.0',
    port: integer(env, 'PORT', 8080, 0, 65535),
    logLevel: logLevel as Config['logLevel'],
    bodyLimit: integer(env, 'OLALA_BODY_LIMIT', 256 * 1024, 1024, 16 * 1024 * 1024),
    ollamaUrl: url(env, 'OLLAMA_URL'),
    embedModel: env.EMBED_MODEL?.trim() || undefined,
    embedProvider: embedProvider(env),
    embedBaseUrl: url(env, 'EMBED_BASE_URL'),
    embedApiKey: env.EMBED_API_KEY?.trim() || undefined,
    embedDims: env.EMBED_DIM ? integer(env, 'EMBED_DIM', 0, 1, 16000) : undefined,
    embedBatch: integer(env, 'EMBED_BATCH', 32, 1, 2048),
    embedTimeoutMs: integer(env, 'EMBED_TIMEOUT_MS', 120_000, 100, 3_600_000),
    // The models `olala check` expects Ollama to have: the roles it serves, not OpenAI-compatible ones.
    llmModels: [...new Set(Object.values(llm.roles).flatMap((r) => (r?.provider === 'ollama' ? [r.model] : [])))],
    llm,
    fetch: loadFetchConfig(env),
    sources: loadSourcesConfig(env),
    resultCacheSeconds: integer(env, 'OLALA_RESULT_CACHE_SECONDS', 3600, 0, 30 * 86400),
    maxConcurrentChecks: integer(env, 'OLALA_MAX_CONCURRENT_CHECKS', 16, 1, 1000),
    articleMaxClaims: integer(env, 'OLALA_ARTICLE_MAX_CLAIMS', 8, 1, 20),
    trustProxy: trustProxy(env),
    metricsToken: env.OLALA_METRICS_TOKEN?.trim() || undefined,
    publicUrl: publicUrl(env),
    ocr: {
      workers: integer(env, 'OLALA_OCR_WORKERS', 1, 1, 16),
      langs: ocrLangs(env),
      timeoutMs: integer(env, 'OLALA_OCR_TIMEOUT_MS', 30_000, 1_000, 600_000),
      maxBytes: integer(env, 'OLALA_OCR_MAX_BYTES', 8 * 1024 * 1024, 1024, 32 * 1024 * 1024),
      maxPixels: integer(env, 'OLALA_OCR_MAX_PIXELS', 40_000_000, 10_000, 200_000_000),
    },
  };
}

/** Hides the password of a connection URL so it can be logged. */
export function redactUrl(raw: string): string {
  try {
    const u = new URL(raw);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return raw.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  }
}
