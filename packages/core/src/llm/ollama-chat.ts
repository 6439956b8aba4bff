import { chatTransport, type ChatTransport, type ChatTransportOptions } from './http.js';
import type { LlmRoleConfig } from './config.js';

/**
 * Ollama's `POST /api/chat`, non-streaming, with the answer's JSON schema as `format` so the
 * model is constrained to it (Ollama structured outputs).
 */
export function ollamaChat(
  settings: Pick<LlmRoleConfig, 'baseUrl' | 'model' | 'apiKey'>,
  options: ChatTransportOptions = {},
): ChatTransport {
  return chatTransport(
    {
      provider: 'ollama',
      endpoint: `${settings.baseUrl.replace(/\/+$/, '')}/api/chat`,
      body: (call) => ({
        model: settings.model,
        messages: call.messages,
        stream: false,
        format: call.schema,
        options: { temperature: call.temperature, num_predict: call.maxTokens },
      }),
      content: (body) => (body as { message?: { content?: unknown } }).message?.content,
    },
    settings,
    options,
  );
}
