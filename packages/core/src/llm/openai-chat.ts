import { postJson, type ChatTransport } from './http.js';
import type { LlmRoleConfig } from './config.js';
import type { ChatTransportOptions } from './ollama-chat.js';

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
  // Both `https://api.openai.com` and `https://api.openai.com/v1` are common ways to write it.
  const endpoint = /\/v1$/.test(base) ? `${base}/chat/completions` : `${base}/v1/chat/completions`;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (settings.apiKey) headers.authorization = `Bearer ${settings.apiKey}`;
  return {
    provider: 'openai',
    model: settings.model,
    endpoint,
    async send(call) {
      const { body } = await postJson({
        endpoint,
        headers,
        body: {
          model: settings.model,
          messages: call.messages,
          temperature: call.temperature,
          max_tokens: call.maxTokens,
          response_format: { type: 'json_schema', json_schema: { name: call.schemaName, schema: call.schema, strict: true } },
        },
        signal: call.signal,
        timeoutMs: call.timeoutMs,
        fetch: options.fetch,
        secret: settings.apiKey,
      });
      // A refusal comes with `content: null`; the JSON check then asks once more and reports it.
      const content = (body as { choices?: { message?: { content?: unknown } }[] }).choices?.[0]?.message?.content;
      return typeof content === 'string' ? content : '';
    },
  };
}
