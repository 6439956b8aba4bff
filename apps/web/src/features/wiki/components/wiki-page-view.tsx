import { useEffect, useRef } from 'react';
import { messageOf, useLoad } from '../../../lib/use-load.js';
import { chunkQuoted, getWikiPage } from '../api/get-wiki-page.js';

/** A cited wiki page inside the app, scrolled to the cited chunk. */
export function WikiPageView({ pageId, chunk, quote }: { pageId: number; chunk?: number; quote?: string }) {
  const loaded = useLoad(
    (signal) => getWikiPage(pageId, chunk, signal),
    `${pageId}:${chunk ?? ''}`,
    (err) => messageOf(err, '문서를 불러오지 못했어요.'),
  );
  // Another page's answer is never shown while this one loads.
  const page = loaded.data?.page_id === pageId ? loaded.data : undefined;
  const error = loaded.error;
  const focusRef = useRef<HTMLElement>(null);

  // The quote finds its own chunk; the citation's chunk (its search hit, which may be a neighbour) is the fallback.
  const focus = page ? ((quote ? chunkQuoted(page, quote) : undefined) ?? page.focus_chunk_id) : undefined;
  useEffect(() => {
    focusRef.current?.scrollIntoView?.({ block: 'center' });
    focusRef.current?.focus();
  }, [focus]);

  if (error)
    return (
      <p className="card error-text" role="alert">
        {error}
      </p>
    );
  if (!page)
    return (
      <p className="muted" role="status">
        문서를 불러오는 중…
      </p>
    );
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
