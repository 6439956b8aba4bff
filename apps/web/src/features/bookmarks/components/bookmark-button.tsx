import { useState } from 'react';
import { ApiError } from '../../../lib/api-client.js';
import { useStore } from '../../../lib/store.js';
import { bookmarkedIds, setBookmark } from '../api/bookmarks.js';

export function BookmarkButton({ analysisId }: { analysisId: string }) {
  const on = useStore(bookmarkedIds).has(analysisId);
  const [error, setError] = useState<string>();
  const toggle = () => {
    setError(undefined);
    setBookmark(analysisId, !on).catch((err: unknown) =>
      setError(err instanceof ApiError ? err.message : '북마크하지 못했어요.'),
    );
  };
  return (
    <>
      <button type="button" className="secondary" aria-pressed={on} onClick={toggle}>
        {on ? '★ 북마크됨' : '☆ 북마크'}
      </button>
      {error && (
        <span className="small error-text" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
