import { useState } from 'react';
import type { ArticleCheckResponse } from '@olala/contract/articles';
import { paths } from '../../../config/paths.js';
import { shareLink } from '../../../lib/share-link.js';
import { countLabels } from '../spans.js';
import { countsSentence } from './summary-bar.js';

/** The read-only page of the article check (the server renders `/r/:id` with its preview card). */
export function articleShareUrl(articleId: string): string {
  return new URL(paths.result.href(articleId), window.location.origin).toString();
}

/** Shares the article check's page (`shareLink`: the system share sheet, else the clipboard). */
export function ArticleShare({ article }: { article: ArticleCheckResponse }) {
  const [message, setMessage] = useState<string>();
  const url = articleShareUrl(article.article_id);
  const text = `${article.article.title || '기사 검증'} — ${countsSentence(countLabels(article.claims))}`;
  const share = async () => {
    setMessage(undefined);
    setMessage(await shareLink({ title: 'OLaLA 기사 검증 결과', text, url }));
  };
  return (
    <>
      <button type="button" className="secondary" onClick={() => void share()}>
        링크 공유
      </button>
      <a className="small share-link" href={url} data-testid="article-share-link">
        결과 링크
      </a>
      {message && (
        <span className="small muted share-message" role="status">
          {message}
        </span>
      )}
    </>
  );
}
