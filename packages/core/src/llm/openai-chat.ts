import { chatTransport, type ChatTransport, type ChatTransportOptions } from './http.js';
import type { LlmRoleConfig } from './config.js';

/**
 * An OpenAI-compatible `POST /v1/chat/completions` with `response_format: json_schema`, strict.
 * Strict mode wants every object schema closed (`additionalProperties: false`) with all its
 * properties required, so answer schemas sent to this client must be written that way.
 */
export function openaiChat(
  settings: Pick<LlmRoleConfig, 'baseUrl' | 'model' | 'apiKey'>,
  options: ChatTransportOptions = {},
): ChatTransport {
  const base = settings.baseUrl.replace(/\/+$/, '');
  return chatTransport(
    {
      provider: 'openai',
      // Both `https://api.openai.com` and `https://api.openai.com/v1` are common ways to write it.
      endpoint: /\/v1$/.test(base) ? `${base}/chat/completions` : `${base}/v1/chat/completions`,
      body: (call) => ({
        model: settings.model,
        messages: call.messages,
        temperature: call.temperature,
        max_tokens: call.maxTokens,
        response_format: {
          type: 'json_schema',
          json_schema: { name: call.schemaName, schema: call.schema, strict: true },
        },
      }),
      // A refusal comes with `content: null`.
      content: (body) => (body as { choices?: { message?: { content?: unknown } }[] }).choices?.[0]?.message?.content,
    },
    settings,
    options,
  );
}
