import { memo } from 'react';
import { cutAt } from '@olala/contract/text-tools';
import type { ChatMessage } from '../chat-reducer.js';
import { FactCheckCard } from './fact-check-card.js';

function time(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? ''
    : `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

export interface MessageActions {
  onRetry(clientId: string): void;
  onReact(messageId: string): void;
  onFactCheck(messageId: string): void;
  onReport(messageId: string): void;
  resultHref(analysisId: string): string;
  /** Messages whose fact-check was asked for on this device (the button says so). */
  checking: ReadonlySet<string>;
  /** Messages reported from this device. */
  reported: ReadonlySet<string>;
}

export const MessageItem = memo(function MessageItem({ m, actions }: { m: ChatMessage; actions: MessageActions }) {
  const sent = m.status === 'sent';
  const asked = actions.checking.has(m.id);
  return (
    <li
      className={`msg${m.mine ? ' msg-mine' : ''}${m.kind === 'ai' ? ' msg-ai' : ''}`}
      data-status={m.status}
      data-testid="chat-message"
    >
      <div className="msg-head">
        {/* The user's colour is a dot, never text: any colour a user picks must stay readable. */}
        <span
          className="avatar avatar-small"
          style={{ background: m.kind === 'ai' ? 'var(--accent)' : (m.color ?? 'var(--muted)') }}
          aria-hidden="true"
        />
        <strong className="msg-author">{m.mine ? `${m.nickname} (나)` : m.nickname}</strong>
        <time className="muted small" dateTime={m.createdAt}>
          {time(m.createdAt)}
        </time>
      </div>
      {m.content && <p className="msg-body">{m.content}</p>}
      {m.factCheck && <FactCheckCard card={m.factCheck} resultHref={actions.resultHref} />}
      {m.status === 'pending' && <p className="muted small msg-state">보내는 중…</p>}
      {m.status === 'failed' && (
        <p className="msg-state error-text small">
          {m.error ?? '보내지 못했어요.'}{' '}
          <button type="button" className="link" onClick={() => actions.onRetry(m.clientId!)}>
            다시 보내기
          </button>
        </p>
      )}
      {sent && (
        <div className="msg-actions">
          <button type="button" className="chip" aria-pressed={m.reactedByMe} onClick={() => actions.onReact(m.id)}>
            <span aria-hidden="true">{m.reactedByMe ? '♥' : '♡'}</span> 공감 {m.reactionCount}
          </button>
          {m.kind === 'user' && (
            <button
              type="button"
              className="chip"
              disabled={asked}
              aria-label={asked ? '팩트체크 요청함' : `팩트체크: ${cutAt(m.content, 40)}`}
              onClick={() => actions.onFactCheck(m.id)}
            >
              {asked ? '팩트체크 요청함' : '팩트체크'}
            </button>
          )}
          {!m.mine && m.kind === 'user' && (
            <button
              type="button"
              className="chip"
              disabled={actions.reported.has(m.id)}
              onClick={() => actions.onReport(m.id)}
            >
              {actions.reported.has(m.id) ? '신고함' : '신고'}
            </button>
          )}
        </div>
      )}
    </li>
  );
});
