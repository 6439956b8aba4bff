import type { ArticleCheckResponse } from '@olala/contract/articles';
import { LinkShare } from '../../../components/link-share.js';
import { paths } from '../../../config/paths.js';
import { countLabels } from '../spans.js';
import { countsSentence } from './summary-bar.js';

/** The read-only page of the article check (the server renders `/r/:id` with its preview card). */
export function articleShareUrl(articleId: string): string {
  return new URL(paths.result.href(articleId), window.location.origin).toString();
}

/** Shares the article check's page. */
export function ArticleShare({ article }: { article: ArticleCheckResponse }) {
  const text = `${article.article.title || '기사 검증'} — ${countsSentence(countLabels(article.claims))}`;
  return (
    <LinkShare
      title="OLaLA 기사 검증 결과"
      text={text}
      url={articleShareUrl(article.article_id)}
      testId="article-share-link"
    />
  );
}
