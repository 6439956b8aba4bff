import { createLlmClient, type LlmClientOptions } from './client.js';
import type { LlmConfig } from './config.js';
import { CircuitBreaker } from '../net/circuit-breaker.js';
import { DEFAULT_RESILIENCE } from './resilience.js';
import { LLM_ROLES, type LlmClient, type LlmRole } from './types.js';

export * from './client.js';
export * from './config.js';
export * from './json-answer.js';
export { ollamaHealth } from './ollama-health.js';
export * from './ollama-chat.js';
export * from './openai-chat.js';
export * from './resilience.js';
export * from './types.js';
export type { ChatMessage, ChatTransport } from './http.js';

/**
 * One client per configured role; a role without a model gets none (no-LLM mode for its
 * stages). Roles on the same endpoint and model share a circuit breaker: when that model is
 * down, every stage using it fails fast.
 */
export function createLlmClients(
  config: LlmConfig,
  options: Omit<LlmClientOptions, 'breaker'> = {},
): Partial<Record<LlmRole, LlmClient>> {
  const resilience = {
    ...DEFAULT_RESILIENCE,
    maxRetries: config.maxRetries,
    circuitFailures: config.circuitFailures,
    circuitOpenMs: config.circuitOpenMs,
    ...options.resilience,
  };
  const breakers = new Map<string, CircuitBreaker>();
  const clients: Partial<Record<LlmRole, LlmClient>> = {};
  for (const role of LLM_ROLES) {
    const settings = config.roles[role];
    if (!settings) continue;
    const key = `${settings.provider} ${settings.baseUrl.replace(/\/+$/, '')} ${settings.model}`;
    let breaker = breakers.get(key);
    if (!breaker)
      breakers.set(
        key,
        (breaker = new CircuitBreaker(resilience.circuitFailures, resilience.circuitOpenMs, resilience.now)),
      );
    clients[role] = createLlmClient(role, settings, { ...options, resilience, breaker });
  }
  return clients;
}
