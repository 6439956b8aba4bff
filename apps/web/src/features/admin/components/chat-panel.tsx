import { useState } from 'react';
import { formatDate } from '../../../lib/verdict.js';
import { hideMessage, listReports, type ReportStatus } from '../api/chat-reports.js';
import { messageOf, useLoad } from '../../../lib/use-load.js';

/** 채팅 관리: reported chat messages, each with a button that hides it for everyone. */
export function ChatPanel() {
  const [status, setStatus] = useState<ReportStatus>('open');
  const reports = useLoad((signal) => listReports(status, signal), status);
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState<string>();
  const [note, setNote] = useState<{ text: string; error?: boolean }>();

  const hide = async (id: string) => {
    setBusy(id);
    setNote(undefined);
    try {
      await hideMessage(id);
      setHidden((s) => new Set(s).add(id));
      setNote({ text: '메시지를 숨겼어요. 채팅방에서도 사라졌어요.' });
    } catch (err) {
      setNote({ text: messageOf(err, '숨기지 못했어요.'), error: true });
    } finally {
      setBusy(undefined);
    }
  };

  const items = (reports.data ?? []).filter((r) => status !== 'open' || !hidden.has(r.messageId));
  return (
    <>
      <div className="segmented" role="group" aria-label="신고 목록">
        {(['open', 'hidden'] as const).map((s) => (
          <button
            key={s}
            type="button"
            className={status === s ? 'active' : undefined}
            aria-pressed={status === s}
            onClick={() => setStatus(s)}
          >
            {s === 'open' ? '처리 대기' : '숨긴 메시지'}
          </button>
        ))}
      </div>
      <p role="status" className={note?.error ? 'error-text small' : 'muted small'}>
        {note?.text}
      </p>
      {reports.error && (
        <p className="card error-text" role="alert">
          {reports.error}
        </p>
      )}
      {reports.loading && !reports.data && (
        <p className="muted" role="status">
          불러오는 중…
        </p>
      )}
      {reports.data && items.length === 0 && (
        <p className="muted empty">{status === 'open' ? '처리할 신고가 없어요.' : '숨긴 메시지가 없어요.'}</p>
      )}
      <ul className="admin-list" data-testid="report-list">
        {items.map((r) => (
          <li key={r.messageId}>
            <p style={{ margin: 0 }}>
              <strong>{r.author}</strong> <span>{r.content}</span>
            </p>
            <div className="meta">
              <span>{r.issueTitle}</span>
              <time dateTime={r.createdAt}>{formatDate(r.createdAt)}</time>
              <span>{`신고 ${r.reportCount}건`}</span>
            </div>
            {r.reasons.length > 0 && <p className="small muted">{`사유: ${r.reasons.join(', ')}`}</p>}
            {status === 'open' && (
              <div className="actions">
                <button
                  type="button"
                  className="secondary"
                  disabled={busy === r.messageId}
                  onClick={() => void hide(r.messageId)}
                  aria-label={`${r.author}의 메시지 숨기기`}
                >
                  숨기기
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
