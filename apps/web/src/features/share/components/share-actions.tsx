import { useState } from 'react';
import type { TruthCheckResponse } from '@olala/contract/truth';
import { paths } from '../../../config/paths.js';
import { shareLink } from '../../../lib/share-link.js';
import { renderCard } from '../card.js';
import { shareCardImage } from './card-button.js';

export function shareUrl(analysisId: string): string {
  return new URL(paths.result.href(analysisId), window.location.origin).toString();
}

/**
 * Shares the result as a PNG card through the system share sheet where the browser can share
 * files (phones), else downloads it; and copies the link to the read-only result page.
 */
export function ShareActions({ result, input }: { result: TruthCheckResponse; input: string }) {
  const [message, setMessage] = useState<string>();
  const url = shareUrl(result.analysis_id);

  const shareCard = async () => {
    setMessage(undefined);
    setMessage(
      await shareCardImage({
        render: () => renderCard(result, input),
        fileName: `olala-${result.analysis_id.slice(0, 8)}.png`,
        title: 'OLaLA 검증 결과',
        text: result.headline,
        url,
      }),
    );
  };

  const share = async () => {
    setMessage(undefined);
    setMessage(await shareLink({ title: 'OLaLA 검증 결과', text: result.headline, url }));
  };

  return (
    <>
      <button type="button" className="secondary" onClick={() => void shareCard()}>
        이미지로 공유
      </button>
      <button type="button" className="secondary" onClick={() => void share()}>
        링크 공유
      </button>
      <a className="small share-link" href={url} data-testid="share-link">
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
