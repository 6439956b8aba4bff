import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../lib/api-client.js';

export interface Loaded<T> {
  data?: T;
  error?: string;
  loading: boolean;
  reload(): void;
}

/** The message to show for a failed call (the server's own Korean message when it sent one). */
export function messageOf(err: unknown, fallback = '불러오지 못했어요. 잠시 후 다시 시도해 주세요.'): string {
  return err instanceof ApiError ? err.message : fallback;
}

/** Loads `fn` when `key` changes or on `reload`; an answer to an older request is dropped. */
export function useLoad<T>(fn: (signal: AbortSignal) => Promise<T>, key: string): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    const ac = new AbortController();
    setState((s) => ({ ...s, loading: true, error: undefined }));
    fn(ac.signal).then(
      (data) => setState({ data, loading: false }),
      (err: unknown) => {
        if ((err as Error).name !== 'AbortError') setState((s) => ({ ...s, loading: false, error: messageOf(err) }));
      },
    );
    return () => ac.abort();
    // `fn` is a new closure every render; `key` says when what it loads changed.
  }, [key, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { ...state, reload };
}
