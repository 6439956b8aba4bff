import { useEffect, useRef, useState } from 'react';
import type { WikiPage } from '@olala/contract/wiki-search';
import { ApiError } from '../../../lib/api-client.js';
import { chunkQuoted, getWikiPage } from '../api/get-wiki-page.js';

/** A cited wiki page inside the app, scrolled to the cited chunk. */
export function WikiPageView({ pageId, chunk, quote }: { pageId: number; chunk?: number; quote?: string }) {
  const [page, setPage] = useState<WikiPage>();
  const [error, setError] = useState<string>();
  const focusRef = useRef<HTMLElement>(null);

  useEffect(() => {
    const ac = new AbortController();
    setPage(undefined);
    setError(undefined);
    getWikiPage(pageId, chunk, ac.signal).then(setPage, (err: unknown) => {
      if ((err as Error).name !== 'AbortError') setError(err instanceof ApiError ? err.message : '문서를 불러오지 못했어요.');
    });
    return () => ac.abort();
  }, [pageId, chunk]);

  // The quote finds its own chunk; the citation's chunk (its search hit, which may be a neighbour) is the fallback.
  const focus = page ? ((quote ? chunkQuoted(page, quote) : undefined) ?? page.focus_chunk_id) : undefined;
  useEffect(() => {
    focusRef.current?.scrollIntoView?.({ block: 'center' });
    focusRef.current?.focus();
  }, [focus]);

  if (error) return <p className="card error-text" role="alert">{error}</p>;
  if (!page) return <p className="muted" role="status">문서를 불러오는 중…</p>;
  const external = page.source_url ?? (/^https?:\/\//.test(page.url) ? page.url : undefined);
  return (
    <article className="page wiki-page" aria-labelledby="wiki-title">
      <h1 id="wiki-title" className="page-title">
        {page.title}
      </h1>
      <p className="muted small">
        위키백과 문서 · CC BY-SA 3.0
        {external && (
          <>
            {' · '}
            <a href={external} target="_blank" rel="noopener noreferrer">
              원문 보기
            </a>
          </>
        )}
      </p>
      {page.chunks.map((c) => {
        const focused = c.chunk_id === focus;
        return (
          <section
            key={c.chunk_id}
            ref={focused ? focusRef : undefined}
            tabIndex={focused ? -1 : undefined}
            className={`wiki-chunk${focused ? ' focused' : ''}`}
            data-chunk={c.chunk_id}
            aria-label={focused ? '인용된 부분' : undefined}
          >
            {c.content.split('\n').map((line, i) => (
              <p key={i}>{line}</p>
            ))}
          </section>
        );
      })}
    </article>
  );
}
