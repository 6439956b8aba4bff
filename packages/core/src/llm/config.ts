import { ConfigError } from '../config.js';
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
  /** Total time for all LLM calls of one verification request. */
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

type Env = NodeJS.ProcessEnv;

/** A set variable's value and name; SLM_* stands in for SLM1_* and SLM2_* when those are unset. */
function lookup(env: Env, role: LlmRole, key: string, extra: string[] = []): { name: string; value: string } | undefined {
  const names = [`${PREFIX[role]}_${key}`, ...(role === 'judge' ? [] : [`SLM_${key}`]), ...extra];
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return undefined;
}

function number(found: { name: string; value: string } | undefined, fallback: number, min: number, max: number, integer = false): number {
  if (!found) return fallback;
  const value = Number(found.value);
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new ConfigError(found.name, `expected ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got "${found.value}"`);
  }
  return value;
}

function url(found: { name: string; value: string }): string {
  let parsed: URL;
  try {
    parsed = new URL(found.value);
  } catch {
    throw new ConfigError(found.name, 'not a valid URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ConfigError(found.name, 'expected an http or https URL');
  return found.value;
}

function roleConfig(env: Env, role: LlmRole): LlmRoleConfig | undefined {
  const model = lookup(env, role, 'MODEL');
  if (!model) return undefined;
  const prefix = PREFIX[role];

  const providerVar = lookup(env, role, 'PROVIDER');
  const provider = providerVar?.value.toLowerCase() ?? 'ollama';
  if (provider !== 'ollama' && provider !== 'openai') {
    throw new ConfigError(providerVar?.name ?? `${prefix}_PROVIDER`, `expected ollama or openai, got "${providerVar?.value}"`);
  }

  const baseVar = lookup(env, role, 'BASE_URL', provider === 'ollama' ? ['OLLAMA_URL'] : []);
  if (!baseVar && provider === 'ollama') {
    throw new ConfigError(`${prefix}_BASE_URL`, `${model.name} is set but no Ollama URL is: set ${prefix}_BASE_URL or OLLAMA_URL`);
  }
  const baseUrl = baseVar ? url(baseVar) : OPENAI_DEFAULT_BASE;

  // The predecessor's judge ran on OpenAI with the usual OPENAI_API_KEY.
  const apiKey = lookup(env, role, 'API_KEY', role === 'judge' ? ['OPENAI_API_KEY'] : [])?.value;

  return {
    provider,
    baseUrl,
    model: model.value,
    ...(apiKey ? { apiKey } : {}),
    timeoutMs: Math.round(number(lookup(env, role, 'TIMEOUT_SECONDS'), DEFAULT_TIMEOUT_SECONDS, 0.1, 3600) * 1000),
    maxTokens: number(lookup(env, role, 'MAX_TOKENS'), DEFAULTS[role].maxTokens, 1, 131072, true),
    temperature: number(lookup(env, role, 'TEMPERATURE'), DEFAULTS[role].temperature, 0, 2),
  };
}

function global(env: Env, name: string): { name: string; value: string } | undefined {
  const value = env[name]?.trim();
  return value ? { name, value } : undefined;
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
    requestBudgetMs: Math.round(number(global(env, 'LLM_REQUEST_BUDGET_SECONDS'), 90, 1, 3600) * 1000),
    maxRetries: number(global(env, 'LLM_MAX_RETRIES'), 2, 0, 10, true),
    circuitFailures: number(global(env, 'LLM_CIRCUIT_FAILURES'), 3, 1, 1000, true),
    circuitOpenMs: Math.round(number(global(env, 'LLM_CIRCUIT_OPEN_SECONDS'), 60, 0, 3600) * 1000),
  };
}
