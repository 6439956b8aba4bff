import type { WikiStatus } from '@olala/contract/wiki';
import { formatDate } from '../../../lib/verdict.js';
import { getWikiStatus } from '../api/get-wiki-status.js';
import { useLoad } from '../../../lib/use-load.js';

const INDEX: Record<string, string> = { none: '없음', building: '만드는 중', ready: '준비됨', invalid: '손상됨' };

function WikiView({ status }: { status: WikiStatus }) {
  const last = status.imports[0];
  return (
    <>
      <dl className="admin-figures">
        <div>
          <dt>문서</dt>
          <dd>{status.wiki_pages.toLocaleString('ko-KR')}</dd>
        </div>
        <div>
          <dt>조각(chunk)</dt>
          <dd>{status.wiki_chunks.toLocaleString('ko-KR')}</dd>
        </div>
        <div>
          <dt>데이터베이스</dt>
          <dd>{status.backend === 'pglite' ? '내장(PGlite)' : 'PostgreSQL'}</dd>
        </div>
        <div>
          <dt>벡터 검색(pgvector)</dt>
          <dd>{status.vector_enabled ? '사용 가능' : '없음'}</dd>
        </div>
      </dl>
      <div className="card admin-table-wrap" role="region" aria-label="임베딩 적용률 표" tabIndex={0}>
        <table className="admin-table" data-testid="embedding-table">
          <caption>모델별 임베딩 적용률</caption>
          <thead>
            <tr>
              <th scope="col">모델</th>
              <th scope="col">적용</th>
              <th scope="col">남음</th>
              <th scope="col">적용률</th>
              <th scope="col">인덱스</th>
            </tr>
          </thead>
          <tbody>
            {status.embeddings.length === 0 && (
              <tr>
                <td colSpan={5} className="muted">
                  임베딩이 없어요. 어휘 검색만 쓰여요.
                </td>
              </tr>
            )}
            {status.embeddings.map((e) => (
              <tr key={e.model}>
                <th scope="row">{e.model}</th>
                <td>{e.embedded.toLocaleString('ko-KR')}</td>
                <td>{e.missing.toLocaleString('ko-KR')}</td>
                <td className={e.coverage_pct < 99 ? 'bad' : undefined}>{e.coverage_pct.toFixed(1)}%</td>
                <td>{INDEX[e.index] ?? e.index}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">
        {last
          ? `마지막 가져오기: ${formatDate(last.finished_at)} (${last.mode === 'replace' ? '교체' : '추가'}, 문서 ${last.pages_loaded.toLocaleString('ko-KR')}개, 거부 ${last.rejected}행)`
          : '가져오기 기록이 없어요.'}
      </p>
    </>
  );
}

/** 위키: the wiki's size and each embedding model's coverage (`GET /api/wiki/status`). */
export function WikiPanel() {
  const status = useLoad((signal) => getWikiStatus(signal), 'wiki');
  if (status.error)
    return (
      <p className="card error-text" role="alert">
        {status.error}
      </p>
    );
  if (!status.data)
    return (
      <p className="muted" role="status">
        불러오는 중…
      </p>
    );
  return <WikiView status={status.data} />;
}
