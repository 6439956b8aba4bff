import type { Citation } from '@olala/contract/truth';
import { paths, wikiPageIdOf } from '../../../config/paths.js';
import { linkHandler } from '../../../lib/router.js';

const SOURCE: Record<Citation['source_type'], string> = {
  WIKIPEDIA: '위키백과',
  NEWS: '뉴스',
  WEB_URL: '웹 문서',
  KB_DOC: '자료',
};

export function EvidenceCard({ citation }: { citation: Citation }) {
  const wikiId = citation.source_type === 'WIKIPEDIA' ? wikiPageIdOf(citation.url) : undefined;
  const external = /^https?:\/\//.test(citation.url) ? citation.url : undefined;
  const wikiHref =
    wikiId !== undefined ? paths.wiki.href(wikiId, { chunk: citation.chunk_id, quote: citation.quote }) : undefined;
  return (
    <li className="card evidence">
      <div className="evidence-head">
        <span className="source-tag">{SOURCE[citation.source_type] ?? citation.source_type}</span>
        {citation.stance && (
          <span className={`stance stance-${citation.stance}`}>
            {citation.stance === 'support' ? '뒷받침' : '반박'}
          </span>
        )}
      </div>
      <h4 className="evidence-title">{citation.title}</h4>
      {citation.quote && <blockquote className="evidence-quote">{citation.quote}</blockquote>}
      <div className="evidence-links">
        {wikiHref && (
          <a href={wikiHref} onClick={linkHandler(wikiHref)}>
            위키 문서에서 보기
          </a>
        )}
        {external && (
          <a href={external} target="_blank" rel="noopener noreferrer" className="muted small ellipsis">
            {wikiHref ? '원문 사이트' : external}
          </a>
        )}
      </div>
    </li>
  );
}
