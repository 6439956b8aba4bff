import { useState } from 'react';
import type { TruthCheckResponse } from '@olala/contract/truth';
import { paths } from '../../../config/paths.js';
import { shareLink } from '../../../lib/share-link.js';
import { renderCard } from '../card.js';

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
    try {
      const blob = await renderCard(result, input);
      const file = new File([blob], `olala-${result.analysis_id.slice(0, 8)}.png`, { type: 'image/png' });
      if (navigator.canShare?.({ files: [file] })) {
        try {
          await navigator.share({ files: [file], title: 'OLaLA 검증 결과', text: result.headline, url });
          return;
        } catch (err) {
          if ((err as Error).name === 'AbortError') return;
        }
      }
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = file.name;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      setMessage('결과 카드 이미지를 저장했어요.');
    } catch {
      setMessage('결과 카드를 만들지 못했어요.');
    }
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
