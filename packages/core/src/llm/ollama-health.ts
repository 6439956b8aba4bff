import type { LlmReadiness } from '@olala/contract';
import type { Config } from '../config.js';
import { describeFetchError } from '../net/fetch-error.js';

export interface ConfiguredModel {
  name: string;
  /** What the model is for: `embed` (EMBED_MODEL) or `llm` (SLM1_MODEL, SLM2_MODEL, JUDGE_MODEL). */
  role: 'embed' | 'llm';
}

export function configuredModels(config: Pick<Config, 'embedModel' | 'llmModels'>): ConfiguredModel[] {
  const models: ConfiguredModel[] = [];
  if (config.embedModel) models.push({ name: config.embedModel, role: 'embed' });
  for (const name of config.llmModels) {
    if (!models.some((m) => m.name === name)) models.push({ name, role: 'llm' });
  }
  return models;
}

/** Ollama lists `llama3` as `llama3:latest`; a configured name without a tag means that one. */
function isPresent(name: string, available: Set<string>): boolean {
  return available.has(name) || (!name.includes(':') && available.has(`${name}:latest`));
}

export interface OllamaHealthOptions {
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * Asks the configured Ollama which models it has (`GET /api/tags`). Without OLLAMA_URL the app
 * runs in no-LLM mode, which is reported as such rather than as a failure.
 */
export async function ollamaHealth(
  config: Pick<Config, 'ollamaUrl' | 'embedModel' | 'llmModels'>,
  options: OllamaHealthOptions = {},
): Promise<LlmReadiness> {
  const wanted = configuredModels(config);
  if (!config.ollamaUrl) return { configured: false, models: wanted.map((m) => ({ ...m, present: false })) };
  const url = config.ollamaUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 2000;
  try {
    const res = await (options.fetch ?? fetch)(`${url}/api/tags`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new Error(`GET /api/tags answered HTTP ${res.status}`);
    const body = (await res.json()) as { models?: { name?: unknown; model?: unknown }[] };
    const available = new Set<string>();
    for (const m of body.models ?? []) {
      for (const n of [m.name, m.model]) if (typeof n === 'string') available.add(n);
    }
    return {
      configured: true,
      url,
      reachable: true,
      models: wanted.map((m) => ({ ...m, present: isPresent(m.name, available) })),
    };
  } catch (err) {
    const reason =
      err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')
        ? `no answer within ${timeoutMs} ms`
        : describeFetchError(err);
    return {
      configured: true,
      url,
      reachable: false,
      models: wanted.map((m) => ({ ...m, present: false })),
      error: reason,
    };
  }
}
