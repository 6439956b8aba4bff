import type { ReactNode } from 'react';
import type { RelatedPassage } from '@olala/contract/truth';
import { paths, wikiPageIdOf } from '../../../config/paths.js';
import { linkHandler } from '../../../lib/router.js';

/** The quote with the claim's words in <mark>; offsets outside the quote are ignored. */
export function markedQuote(quote: string, highlights: RelatedPassage['highlights']): ReactNode[] {
  const out: ReactNode[] = [];
  let at = 0;
  for (const { start, end } of [...highlights].sort((a, b) => a.start - b.start)) {
    if (start < at || end <= start || end > quote.length) continue;
    if (start > at) out.push(quote.slice(at, start));
    out.push(<mark key={start}>{quote.slice(start, end)}</mark>);
    at = end;
  }
  if (at < quote.length) out.push(quote.slice(at));
  return out;
}

/** "관련 자료": what the sources read say about the claim's words, whatever the verdict. */
export function RelatedPassages({ passages }: { passages: readonly RelatedPassage[] }) {
  if (passages.length === 0) return null;
  return (
    <section aria-labelledby="related-title">
      <h3 id="related-title" className="section-title">
        관련 자료 {passages.length}건
      </h3>
      <ul className="evidence-list">
        {passages.map((p) => {
          const wikiId = wikiPageIdOf(p.url);
          const wikiHref =
            wikiId !== undefined ? paths.wiki.href(wikiId, { chunk: p.chunk_id, quote: p.quote }) : undefined;
          const external = /^https?:\/\//.test(p.url) ? p.url : undefined;
          return (
            <li key={`${p.url}-${p.quote.slice(0, 20)}`} className="card evidence related">
              <h4 className="evidence-title">{p.title}</h4>
              <blockquote className="evidence-quote">{markedQuote(p.quote, p.highlights)}</blockquote>
              <div className="evidence-links">
                {wikiHref && (
                  <a href={wikiHref} onClick={linkHandler(wikiHref)}>
                    위키 문서에서 보기
                  </a>
                )}
                {external && !wikiHref && (
                  <a href={external} target="_blank" rel="noopener noreferrer" className="muted small ellipsis">
                    {external}
                  </a>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
