import { useCallback, useEffect, useState } from 'react';
import { ApiError } from './api-client.js';

export interface Loaded<T> {
  /** The last answer; while a new key loads, the previous key's answer stays (no flicker). */
  data?: T;
  /** The Korean message of the last failure. */
  error?: string;
  /** The last failure itself, for a screen that treats some apart (a 403). */
  failure?: unknown;
  loading: boolean;
  reload(): void;
}

/** The message to show for a failed call (the server's own Korean message when it sent one). */
export function messageOf(err: unknown, fallback = '불러오지 못했어요. 잠시 후 다시 시도해 주세요.'): string {
  return err instanceof ApiError ? err.message : fallback;
}

/**
 * Loads `fn` when `key` changes or on `reload`, aborting the request it replaces, so an answer
 * to an older request is never shown. `message` words a failure (default: `messageOf`).
 */
export function useLoad<T>(
  fn: (signal: AbortSignal) => Promise<T>,
  key: string,
  message: (err: unknown) => string = messageOf,
): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: string; failure?: unknown; loading: boolean }>({
    loading: true,
  });
  const [round, setRound] = useState(0);
  useEffect(() => {
    const ac = new AbortController();
    setState((s) => ({ ...s, loading: true, error: undefined, failure: undefined }));
    // An answer may already be on its way when the request is aborted: the signal decides.
    fn(ac.signal).then(
      (data) => {
        if (!ac.signal.aborted) setState({ data, loading: false });
      },
      (err: unknown) => {
        if (!ac.signal.aborted) setState((s) => ({ ...s, loading: false, error: message(err), failure: err }));
      },
    );
    return () => ac.abort();
    // `fn` and `message` are new closures every render; `key` says when what it loads changed.
  }, [key, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { ...state, reload };
}
