import type { TruthCheckResponse } from '@olala/contract/truth';
import { paths } from '../../../config/paths.js';
import { LinkShare } from '../../../components/link-share.js';
import { renderCard } from '../card.js';
import { CardButton } from './card-button.js';

export function shareUrl(analysisId: string): string {
  return new URL(paths.result.href(analysisId), window.location.origin).toString();
}

/**
 * Shares the result as a PNG card through the system share sheet where the browser can share
 * files (phones), else downloads it; and shares the link to the read-only result page.
 */
export function ShareActions({ result, input }: { result: TruthCheckResponse; input: string }) {
  const url = shareUrl(result.analysis_id);
  return (
    <>
      <CardButton
        card={{
          render: () => renderCard(result, input),
          fileName: `olala-${result.analysis_id.slice(0, 8)}.png`,
          title: 'OLaLA 검증 결과',
          text: result.headline,
          url,
        }}
      />
      <LinkShare title="OLaLA 검증 결과" text={result.headline} url={url} testId="share-link" />
    </>
  );
}
