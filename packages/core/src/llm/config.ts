import {
  ConfigError,
  readEnum,
  readInteger,
  readNumber,
  readSecondsAsMs,
  readString,
  readUrl,
  type Env,
} from '../config-readers.js';
import { LLM_ROLES, type LlmProvider, type LlmRole } from './types.js';

/** How one role reaches its model. */
export interface LlmRoleConfig {
  provider: LlmProvider;
  /** As configured; the clients add `/api/chat` or `/v1/chat/completions`. */
  baseUrl: string;
  model: string;
  /** Bearer token. Secret: never log it. */
  apiKey?: string;
  /** Timeout of one HTTP request to the model (retries get their own). */
  timeoutMs: number;
  maxTokens: number;
  temperature: number;
}

export interface LlmConfig {
  /** Undefined for a role without a model: that part of the pipeline runs without an LLM. */
  roles: Record<LlmRole, LlmRoleConfig | undefined>;
  /**
   * Time one verification run may spend waiting on LLM answers, calls that overlap counted once;
   * past it the run's LLM calls fail as timeouts (the run itself is bounded by RUN_BUDGET_SECONDS).
   */
  requestBudgetMs: number;
  /** Extra attempts after a timeout, connection error, 429 or 5xx. */
  maxRetries: number;
  /** Consecutive failed requests to one endpoint and model that open its circuit breaker. */
  circuitFailures: number;
  /** How long an open breaker fails calls fast before letting one through again. */
  circuitOpenMs: number;
}

/** The predecessor's variable prefixes: SLM1 runs stages 1–2, SLM2 stages 6–7, JUDGE stage 9. */
const PREFIX: Record<LlmRole, 'SLM1' | 'SLM2' | 'JUDGE'> = { claim: 'SLM1', verify: 'SLM2', judge: 'JUDGE' };

const DEFAULTS: Record<LlmRole, { maxTokens: number; temperature: number }> = {
  claim: { maxTokens: 512, temperature: 0.1 },
  verify: { maxTokens: 768, temperature: 0.1 },
  judge: { maxTokens: 768, temperature: 0.2 },
};

const DEFAULT_TIMEOUT_SECONDS = 60;
const OPENAI_DEFAULT_BASE = 'https://api.openai.com';

/**
 * The name of the first variable that is set: the role's own, then SLM_* (standing in for SLM1_*
 * and SLM2_* when those are unset), then `extra`. Its value is then read by the shared readers,
 * so a bad one is reported under the name that held it.
 */
function lookup(env: Env, role: LlmRole, key: string, extra: string[] = []): string | undefined {
  const names = [`${PREFIX[role]}_${key}`, ...(role === 'judge' ? [] : [`SLM_${key}`]), ...extra];
  return names.find((name) => readString(env, name) !== undefined);
}

const HTTP = { protocols: ['http:', 'https:'] };

function roleConfig(env: Env, role: LlmRole): LlmRoleConfig | undefined {
  const modelVar = lookup(env, role, 'MODEL');
  const model = modelVar && readString(env, modelVar);
  if (!model) return undefined;
  const prefix = PREFIX[role];

  const providerVar = lookup(env, role, 'PROVIDER') ?? `${prefix}_PROVIDER`;
  const provider = readEnum(env, providerVar, ['ollama', 'openai'], 'ollama');

  const baseVar = lookup(env, role, 'BASE_URL', provider === 'ollama' ? ['OLLAMA_URL'] : []);
  if (!baseVar && provider === 'ollama') {
    throw new ConfigError(
      `${prefix}_BASE_URL`,
      `${modelVar} is set but no Ollama URL is: set ${prefix}_BASE_URL or OLLAMA_URL`,
    );
  }
  const baseUrl = (baseVar && readUrl(env, baseVar, HTTP)) || OPENAI_DEFAULT_BASE;

  // The predecessor's judge ran on OpenAI with the usual OPENAI_API_KEY.
  const apiKeyVar = lookup(env, role, 'API_KEY', role === 'judge' ? ['OPENAI_API_KEY'] : []);
  const apiKey = apiKeyVar && readString(env, apiKeyVar);
  const setting = (key: string) => lookup(env, role, key) ?? `${prefix}_${key}`;

  return {
    provider,
    baseUrl,
    model,
    ...(apiKey ? { apiKey } : {}),
    timeoutMs: readSecondsAsMs(env, setting('TIMEOUT_SECONDS'), DEFAULT_TIMEOUT_SECONDS, { min: 0.1, max: 3600 }),
    maxTokens: readInteger(env, setting('MAX_TOKENS'), DEFAULTS[role].maxTokens, { min: 1, max: 131072 }),
    temperature: readNumber(env, setting('TEMPERATURE'), DEFAULTS[role].temperature, { min: 0, max: 2 }),
  };
}

/**
 * Reads the LLM settings of the three roles from the environment. A role without a model is
 * left undefined (no-LLM mode for that part); a bad value throws ConfigError naming the
 * variable that held it.
 */
export function loadLlmConfig(env: Env = process.env): LlmConfig {
  const roles = Object.fromEntries(LLM_ROLES.map((role) => [role, roleConfig(env, role)])) as LlmConfig['roles'];
  return {
    roles,
    requestBudgetMs: readSecondsAsMs(env, 'LLM_REQUEST_BUDGET_SECONDS', 90, { min: 1, max: 3600 }),
    maxRetries: readInteger(env, 'LLM_MAX_RETRIES', 2, { min: 0, max: 10 }),
    circuitFailures: readInteger(env, 'LLM_CIRCUIT_FAILURES', 3, { min: 1, max: 1000 }),
    circuitOpenMs: readSecondsAsMs(env, 'LLM_CIRCUIT_OPEN_SECONDS', 60, { min: 0, max: 3600 }),
  };
}
