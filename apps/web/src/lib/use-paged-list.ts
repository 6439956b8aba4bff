import { useCallback, useEffect, useRef, useState } from 'react';
import type { HistoryItem, HistoryPage } from '@olala/contract/me';
import { ApiError, NETWORK_MESSAGE } from './api-client.js';
import { load, save } from './storage.js';

/**
 * A row's id: a single check's `analysis_id` or an article run's `article_id` (the server's
 * delete and bookmark routes take either). Rows kept on this device before article runs joined
 * the lists have no `kind`: they are single checks.
 */
export function historyItemId(item: HistoryItem): string {
  return item.kind === 'article' ? item.article_id : item.analysis_id;
}

export interface PagedList {
  items: HistoryItem[];
  status: 'loading' | 'ready' | 'error';
  /** Set when the list shown is the copy kept on this device (offline, or the server failed). */
  fromCache: boolean;
  error?: string;
  hasMore: boolean;
  loadMore(): void;
  reload(): void;
  /** Drops a row at once (after the server agreed, or optimistically). */
  drop(id: string): void;
}

/**
 * A server list (History, Bookmarks: single checks and article runs) read page by page, its first page kept in localStorage so
 * the list still opens offline.
 */
export function usePagedList(cacheKey: string, fetchPage: (before?: string) => Promise<HistoryPage>): PagedList {
  const [items, setItems] = useState<HistoryItem[]>(() => load<HistoryItem[]>(cacheKey, []));
  const [status, setStatus] = useState<PagedList['status']>('loading');
  const [fromCache, setFromCache] = useState(false);
  const [error, setError] = useState<string>();
  const [next, setNext] = useState<string>();
  const [generation, setGeneration] = useState(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  useEffect(() => {
    let live = true;
    setStatus('loading');
    fetchRef.current().then(
      (page) => {
        if (!live) return;
        setItems(page.items);
        setNext(page.next_before);
        setFromCache(false);
        setError(undefined);
        setStatus('ready');
        save(cacheKey, page.items);
      },
      (err: unknown) => {
        if (!live) return;
        setItems(load<HistoryItem[]>(cacheKey, []));
        setNext(undefined);
        setFromCache(true);
        setError(err instanceof ApiError ? err.message : NETWORK_MESSAGE);
        setStatus('error');
      },
    );
    return () => {
      live = false;
    };
  }, [cacheKey, generation]);

  const loadMore = useCallback(() => {
    if (!next) return;
    fetchRef.current(next).then(
      (page) => {
        setItems((prev) => [
          ...prev,
          ...page.items.filter((i) => !prev.some((p) => historyItemId(p) === historyItemId(i))),
        ]);
        setNext(page.next_before);
      },
      (err: unknown) => setError(err instanceof ApiError ? err.message : NETWORK_MESSAGE),
    );
  }, [next]);

  const drop = useCallback(
    (id: string) =>
      setItems((prev) => {
        const kept = prev.filter((i) => historyItemId(i) !== id);
        save(cacheKey, kept);
        return kept;
      }),
    [cacheKey],
  );

  return {
    items,
    status,
    fromCache,
    error,
    hasMore: Boolean(next),
    loadMore,
    reload: () => setGeneration((g) => g + 1),
    drop,
  };
}
