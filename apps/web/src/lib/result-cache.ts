import type { TruthCheckResponse } from '@olala/contract/truth';
import { load, save } from './storage.js';

/**
 * Results this device has seen, for reading offline (History and Bookmarks link to them).
 * Bounded: the newest 50 are kept.
 */
const KEY = 'results';
const MAX = 50;

export interface CachedResult {
  input_payload?: string;
  result: TruthCheckResponse;
}

export function cachedResult(id: string): CachedResult | undefined {
  return load<Record<string, CachedResult>>(KEY, {})[id];
}

export function cacheResult(entry: CachedResult): void {
  const all = load<Record<string, CachedResult>>(KEY, {});
  delete all[entry.result.analysis_id];
  const entries = [[entry.result.analysis_id, entry] as const, ...Object.entries(all)].slice(0, MAX);
  save(KEY, Object.fromEntries(entries));
}
