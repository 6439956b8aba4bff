import { useState } from 'react';
import type { ArticleCheckResponse } from '@olala/contract/articles';
import { paths } from '../../../config/paths.js';
import { countLabels } from '../spans.js';
import { countsSentence } from './summary-bar.js';

/** The read-only page of the article check (the server renders `/r/:id` with its preview card). */
export function articleShareUrl(articleId: string): string {
  return new URL(paths.result.href(articleId), window.location.origin).toString();
}

/** Shares the article check's page through the system share sheet, else copies its link. */
export function ArticleShare({ article }: { article: ArticleCheckResponse }) {
  const [message, setMessage] = useState<string>();
  const url = articleShareUrl(article.article_id);
  const text = `${article.article.title || '기사 검증'} — ${countsSentence(countLabels(article.claims))}`;
  const share = async () => {
    setMessage(undefined);
    if (navigator.share) {
      try {
        await navigator.share({ title: 'OLaLA 기사 검증 결과', text, url });
        return;
      } catch (err) {
        if ((err as Error).name === 'AbortError') return;
      }
    }
    try {
      await navigator.clipboard.writeText(url);
      setMessage('링크를 복사했어요.');
    } catch {
      setMessage(`링크: ${url}`);
    }
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
