import type { PagedList } from '../lib/use-paged-list.js';

/** Loading, empty and offline states of a server list. */
export function ListStatus({ list, empty }: { list: PagedList; empty: string }) {
  if (list.status === 'loading' && list.items.length === 0)
    return (
      <p className="muted" role="status">
        불러오는 중…
      </p>
    );
  return (
    <>
      {list.fromCache && (
        <p className="notice" role="status">
          {list.error} 이 기기에 저장된 목록을 보여 드려요.{' '}
          <button type="button" className="link" onClick={list.reload}>
            다시 불러오기
          </button>
        </p>
      )}
      {list.status !== 'loading' && list.items.length === 0 && <p className="muted empty">{empty}</p>}
    </>
  );
}
