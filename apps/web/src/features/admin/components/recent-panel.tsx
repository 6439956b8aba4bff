import { useEffect, useRef, useState } from 'react';
import type { AdminAnalysis } from '@olala/contract/admin';
import { VerdictPill } from '../../../components/verdict-pill.js';
import { linkHandler } from '../../../lib/router.js';
import { formatDate, percent } from '../../../lib/verdict.js';
import { listAnalyses } from '../api/list-analyses.js';
import { messageOf } from '../../../lib/use-load.js';

/** 최근 검증: every user's newest analyses with label, flags and latency, each linking to its result. */
export function RecentPanel({ resultHref }: { resultHref: (id: string) => string }) {
  const [items, setItems] = useState<AdminAnalysis[]>([]);
  const [next, setNext] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string>();
  const ac = useRef<AbortController | undefined>(undefined);

  const load = (before?: string) => {
    ac.current?.abort();
    const c = (ac.current = new AbortController());
    setLoading(true);
    setError(undefined);
    listAnalyses(before, c.signal).then(
      (page) => {
        setItems((prev) => (before ? [...prev, ...page.items] : page.items));
        setNext(page.next_before);
        setLoading(false);
      },
      (err: unknown) => {
        if ((err as Error).name === 'AbortError') return;
        setError(messageOf(err));
        setLoading(false);
      },
    );
  };
  useEffect(() => {
    load();
    return () => ac.current?.abort();
  }, []);

  return (
    <>
      <div className="actions" style={{ marginTop: 0, marginBottom: '0.75rem' }}>
        <button type="button" className="secondary" onClick={() => load()} disabled={loading}>
          새로고침
        </button>
      </div>
      {error && (
        <p className="card error-text" role="alert">
          {error}
        </p>
      )}
      {!loading && !error && items.length === 0 && <p className="muted empty">아직 검증한 기록이 없어요.</p>}
      <ul className="admin-list" data-testid="recent-list">
        {items.map((a) => (
          <li key={a.analysis_id}>
            <VerdictPill label={a.label} />{' '}
            <a href={resultHref(a.analysis_id)} onClick={linkHandler(resultHref(a.analysis_id))}>
              {a.claim || '(주장 없음)'}
            </a>
            <div className="meta">
              <time dateTime={a.created_at}>{formatDate(a.created_at)}</time>
              <span>신뢰도 {percent(a.confidence)}</span>
              <span>{(a.latency_ms / 1000).toFixed(1)}초</span>
              {a.streamed && <span>스트리밍</span>}
              {a.status === 'cancelled' && <span className="error-text">취소됨</span>}
            </div>
            {a.risk_flags.length > 0 && (
              <ul className="admin-flags" aria-label="위험 플래그">
                {a.risk_flags.map((f) => (
                  <li key={f} className="admin-flag">
                    {f}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      {loading && (
        <p className="muted" role="status">
          불러오는 중…
        </p>
      )}
      {next && !loading && (
        <button type="button" className="secondary wide" onClick={() => load(next)}>
          더 보기
        </button>
      )}
    </>
  );
}
