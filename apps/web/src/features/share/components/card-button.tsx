import { useState } from 'react';
import type { ArticleCheckResponse } from '@olala/contract/articles';
import { renderArticleCard } from '../article-card.js';

export interface CardShare {
  /** Draws the PNG only when asked: a canvas per render would cost every screen that shows the button. */
  render: () => Promise<Blob>;
  fileName: string;
  title: string;
  text: string;
  url: string;
}

/**
 * Shares a card image through the system share sheet where the browser can share files (phones),
 * else downloads it. Returns the message to show, or undefined when the share sheet took it.
 */
export async function shareCardImage(card: CardShare): Promise<string | undefined> {
  try {
    const blob = await card.render();
    const file = new File([blob], card.fileName, { type: 'image/png' });
    if (navigator.canShare?.({ files: [file] })) {
      try {
        await navigator.share({ files: [file], title: card.title, text: card.text, url: card.url });
        return undefined;
      } catch (err) {
        if ((err as Error).name === 'AbortError') return undefined;
      }
    }
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = file.name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    return '결과 카드 이미지를 저장했어요.';
  } catch {
    return '결과 카드를 만들지 못했어요.';
  }
}

/** "이미지로 공유": the card drawn when tapped, then shared or saved, with what happened said beside it. */
export function CardButton({ card }: { card: CardShare }) {
  const [message, setMessage] = useState<string>();
  const share = async () => {
    setMessage(undefined);
    setMessage(await shareCardImage(card));
  };
  return (
    <>
      <button type="button" className="secondary" onClick={() => void share()}>
        이미지로 공유
      </button>
      {message && (
        <span className="small muted share-message" role="status">
          {message}
        </span>
      )}
    </>
  );
}

/** The article check's card: the route puts it beside the article's link share. */
export function ArticleCardButton({ article, url }: { article: ArticleCheckResponse; url: string }) {
  return (
    <CardButton
      card={{
        render: () => renderArticleCard(article),
        fileName: `olala-article-${article.article_id.slice(0, 8)}.png`,
        title: 'OLaLA 기사 검증 결과',
        text: article.article.title || '기사 검증',
        url,
      }}
    />
  );
}
