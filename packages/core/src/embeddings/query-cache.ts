import type { Embedder } from './client.js';

const MAX_ENTRIES = 1000;
/** Most recently used last: a Map keeps insertion order, so re-inserting on a hit is an LRU. */
const cache = new Map<string, Promise<number[]>>();

/**
 * The embedding of a search query, cached in this process: people repeat questions, and an
 * embedding call costs far more than the search itself. Concurrent calls for the same text
 * share one request; a failed request is not cached.
 */
export function embedQuery(embedder: Embedder, text: string, signal?: AbortSignal): Promise<number[]> {
  const key = `${embedder.endpoint}\u0000${embedder.model}\u0000${text}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const pending = embedder.embed([text], signal).then((vectors) => vectors[0]!);
  cache.set(key, pending);
  pending.catch(() => {
    if (cache.get(key) === pending) cache.delete(key);
  });
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return pending;
}

/** Empties the cache (tests, or after switching models). */
export function clearQueryCache(): void {
  cache.clear();
}
