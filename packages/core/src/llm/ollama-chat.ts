import { postJson, type ChatTransport } from './http.js';
import type { LlmRoleConfig } from './config.js';

export interface ChatTransportOptions {
  fetch?: typeof fetch;
}

/**
 * Ollama's `POST /api/chat`, non-streaming, with the answer's JSON schema as `format` so the
 * model is constrained to it (Ollama structured outputs).
 */
export function ollamaChat(
  settings: Pick<LlmRoleConfig, 'baseUrl' | 'model' | 'apiKey'>,
  options: ChatTransportOptions = {},
): ChatTransport {
  const endpoint = `${settings.baseUrl.replace(/\/+$/, '')}/api/chat`;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  // Ollama ignores it; a proxy in front of Ollama may want it.
  if (settings.apiKey) headers.authorization = `Bearer ${settings.apiKey}`;
  return {
    provider: 'ollama',
    model: settings.model,
    endpoint,
    async send(call) {
      const { body } = await postJson({
        endpoint,
        headers,
        body: {
          model: settings.model,
          messages: call.messages,
          stream: false,
          format: call.schema,
          options: { temperature: call.temperature, num_predict: call.maxTokens },
        },
        signal: call.signal,
        timeoutMs: call.timeoutMs,
        fetch: options.fetch,
        secret: settings.apiKey,
      });
      // A missing message is left to the JSON check, which asks the model again.
      const content = (body as { message?: { content?: unknown } }).message?.content;
      return typeof content === 'string' ? content : '';
    },
  };
}
