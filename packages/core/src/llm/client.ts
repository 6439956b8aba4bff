import { redactUrl } from '../config-readers.js';
import type { LlmRoleConfig } from './config.js';
import { askJson } from './json-answer.js';
import type { ChatTransportOptions } from './http.js';
import { ollamaChat } from './ollama-chat.js';
import { openaiChat } from './openai-chat.js';
import { CircuitBreaker } from '../net/circuit-breaker.js';
import { DEFAULT_RESILIENCE, withRetries, type ResilienceOptions } from './resilience.js';
import { LlmError, type LlmClient, type LlmRole } from './types.js';

export interface LlmClientOptions extends ChatTransportOptions {
  resilience?: Partial<ResilienceOptions>;
  /** Shared by clients that call the same endpoint and model, so they fail fast together. */
  breaker?: CircuitBreaker;
}

/**
 * A role's client: the provider's chat endpoint, retried and guarded by the breaker, with the
 * answer parsed, validated and repaired once. `*_TIMEOUT_SECONDS` bounds each HTTP request;
 * `request.timeoutMs` bounds the whole call, retries, waits and the repair included.
 */
export function createLlmClient(role: LlmRole, settings: LlmRoleConfig, options: LlmClientOptions = {}): LlmClient {
  const resilience = { ...DEFAULT_RESILIENCE, ...options.resilience };
  const transport = settings.provider === 'ollama' ? ollamaChat(settings, options) : openaiChat(settings, options);
  const breaker =
    options.breaker ?? new CircuitBreaker(resilience.circuitFailures, resilience.circuitOpenMs, resilience.now);
  const where = redactUrl(transport.endpoint);

  return {
    role,
    provider: settings.provider,
    model: settings.model,
    async chatJson(request) {
      const started = Date.now();
      const counter = { attempts: 0 };
      const ctx = {
        breaker,
        options: resilience,
        signal: request.signal,
        deadline: request.timeoutMs === undefined ? undefined : started + request.timeoutMs,
        attemptTimeoutMs: settings.timeoutMs,
        where,
        counter,
      };
      // TypeBox schemas are plain JSON schema once serialised; the APIs want nothing else.
      const schema = JSON.parse(JSON.stringify(request.schema)) as unknown;
      try {
        const { value, repaired } = await askJson(request, (messages) =>
          withRetries(ctx, (timeoutMs) =>
            transport.send({
              messages,
              schema,
              schemaName: request.schemaName,
              temperature: request.temperature ?? settings.temperature,
              maxTokens: request.maxTokens ?? settings.maxTokens,
              signal: request.signal,
              timeoutMs,
            }),
          ),
        );
        return {
          value,
          provider: settings.provider,
          model: settings.model,
          attempts: counter.attempts,
          repaired,
          ms: Date.now() - started,
        };
      } catch (err) {
        if (!(err instanceof LlmError)) throw err;
        throw new LlmError(err.code, `LLM ${role} (${settings.model}): ${err.message}`, {
          ...err.details,
          role,
          model: settings.model,
          attempts: counter.attempts,
        });
      }
    },
  };
}
