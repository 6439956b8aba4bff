import { getArticle } from '../../features/articles/api/get-article.js';
import { ArticleShare, articleShareUrl } from '../../features/articles/components/article-share.js';
import { ArticleCardButton } from '../../features/share/components/card-button.js';
import { ArticleView } from '../../features/articles/components/article-view.js';
import { BookmarkButton } from '../../features/bookmarks/components/bookmark-button.js';
import { ResultView } from '../../features/result/components/result-view.js';
import { messageOf, useLoad } from '../../lib/use-load.js';

/** `/articles/:id`: a stored article check, read-only (also `/r/:id` when the id is an article's). */
export default function ArticleRoute({ id }: { id: string }) {
  const loaded = useLoad(
    (signal) => getArticle(id, signal),
    id,
    (err) => messageOf(err, '기사 검증 결과를 불러오지 못했어요.'),
  );
  const article = loaded.data;
  return (
    <div className="page">
      <h1 className="sr-only">기사 검증 결과</h1>
      {loaded.error && (
        <p className="card error-text" role="alert">
          {loaded.error}
        </p>
      )}
      {!article && !loaded.error && (
        <p className="muted" role="status">
          결과를 불러오는 중…
        </p>
      )}
      {article && (
        <ArticleView
          article={article}
          renderResult={(result) => (
            <ResultView result={result} actions={<BookmarkButton analysisId={result.analysis_id} />} />
          )}
          actions={
            <>
              <BookmarkButton analysisId={article.article_id} />
              <ArticleShare article={article} />
              <ArticleCardButton article={article} url={articleShareUrl(article.article_id)} />
            </>
          }
        />
      )}
    </div>
  );
}
