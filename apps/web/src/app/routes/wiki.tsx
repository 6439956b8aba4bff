import { WikiPageView } from '../../features/wiki/components/wiki-page-view.js';

export default function WikiRoute({ pageId, search }: { pageId: string; search: URLSearchParams }) {
  const chunk = search.get('chunk');
  return (
    <WikiPageView
      pageId={Number(pageId)}
      chunk={chunk !== null && /^\d+$/.test(chunk) ? Number(chunk) : undefined}
      quote={search.get('q') ?? undefined}
    />
  );
}
