import { useEffect, useLayoutEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { ApiError } from '../../../lib/api-client.js';
import { useOnline } from '../../../lib/online.js';
import { linkHandler } from '../../../lib/router.js';
import { useStore } from '../../../lib/store.js';
import { HISTORY_PAGE } from '../api/get-messages.js';
import { reportMessage } from '../api/report-message.js';
import { openChatRoom, type ChatRoom } from '../chat-room.js';
import type { ChatMessage } from '../chat-reducer.js';
import { MESSAGE_MAX } from '../limits.js';
import { MessageItem, type MessageActions } from './message-item.js';

/** Near enough to the bottom that a new message should scroll into view. */
const STICKY_PX = 120;

function ConnectionBanner({ room, connection, notice }: { room: ChatRoom; connection: string; notice?: string }) {
  const online = useOnline();
  if (!online)
    return (
      <p className="notice chat-banner" role="status">
        오프라인이에요. 보낸 메시지는 연결되면 전송돼요.
      </p>
    );
  if (connection === 'reconnecting')
    return (
      <p className="notice chat-banner" role="status">
        연결이 끊겨 다시 연결하는 중이에요…{' '}
        <button type="button" className="link" onClick={room.reconnectNow}>
          지금 다시 연결
        </button>
      </p>
    );
  if (connection === 'closed' && notice)
    return (
      <p className="card error-text chat-banner" role="alert">
        {notice}
      </p>
    );
  return null;
}

interface ChatRoomViewProps {
  issueId: string;
  title?: string;
  /** Distinct participants when the room was opened (the issue's count). */
  participants?: number;
  issueHref: string;
  resultHref: (analysisId: string) => string;
}

/**
 * `/issues/:id/chat`: the issue's live room. Messages appear at once and settle when the server
 * acknowledges them; new messages from others are read out through a polite live region.
 *
 * The room (its socket) is opened by an effect, never during render: StrictMode renders and
 * mounts twice in development, and only an effect's cleanup closes the room it opened.
 */
export function ChatRoomView(props: ChatRoomViewProps) {
  const { issueId } = props;
  const [opened, setOpened] = useState<{ issueId: string; room: ChatRoom }>();
  useEffect(() => {
    const room = openChatRoom(issueId);
    setOpened({ issueId, room });
    return () => room.close();
  }, [issueId]);
  if (opened?.issueId !== issueId) return null;
  return <ChatRoomScreen key={issueId} room={opened.room} {...props} />;
}

function ChatRoomScreen({ room, title, participants, issueHref, resultHref }: ChatRoomViewProps & { room: ChatRoom }) {
  const state = useStore(room.state);
  const [text, setText] = useState('');
  const [checking, setChecking] = useState<ReadonlySet<string>>(new Set());
  const [hasOlder, setHasOlder] = useState(true);
  const [actionError, setActionError] = useState<string>();
  const [reported, setReported] = useState<ReadonlySet<string>>(new Set());
  const logRef = useRef<HTMLDivElement>(null);
  const stick = useRef(true);

  // A message with 올라's card in the room needs no second check, whoever asked for the first.
  const checkedKey = state.messages.map((m) => m.factCheck?.targetMessageId ?? '').join(',');
  const asked = useMemo(() => new Set([...checking, ...checkedKey.split(',').filter(Boolean)]), [checking, checkedKey]);

  const actions: MessageActions = useMemo(
    () => ({
      onRetry: room.retry,
      onReact: room.react,
      onFactCheck: (id: string) => {
        setChecking((s) => new Set(s).add(id));
        setActionError(undefined);
        room.factCheck(id).catch((err: unknown) => {
          setChecking((s) => {
            const next = new Set(s);
            next.delete(id);
            return next;
          });
          setActionError(
            err instanceof ApiError ? err.message : '팩트체크를 하지 못했어요. 잠시 후 다시 시도해 주세요.',
          );
        });
      },
      onReport: (id: string) => {
        if (!window.confirm('이 메시지를 신고할까요? 관리자가 확인해요.')) return;
        setActionError(undefined);
        reportMessage(id).then(
          () => setReported((s) => new Set(s).add(id)),
          (err: unknown) =>
            setActionError(err instanceof ApiError ? err.message : '신고하지 못했어요. 잠시 후 다시 시도해 주세요.'),
        );
      },
      resultHref,
      checking: asked,
      reported,
    }),
    [room, resultHref, asked, reported],
  );

  // Follow the conversation unless the user has scrolled up to read.
  useLayoutEffect(() => {
    const el = logRef.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [state.messages.length]);

  // What a screen reader hears: others' new messages (not the history, not my own echo).
  const [announced, setAnnounced] = useState<string>('');
  const seen = useRef<Set<string> | undefined>(undefined);
  useEffect(() => {
    const ids = new Set(state.messages.map((m) => m.id));
    if (seen.current === undefined) {
      if (state.connection === 'open') seen.current = ids;
      return;
    }
    const fresh: ChatMessage[] = state.messages.filter(
      (m) => !seen.current!.has(m.id) && !m.mine && m.status === 'sent',
    );
    seen.current = ids;
    if (fresh.length)
      setAnnounced(
        fresh.map((m) => `${m.nickname}: ${m.factCheck ? `팩트체크 결과 ${m.content}` : m.content}`).join('\n'),
      );
  }, [state.messages, state.connection]);

  const tooLong = [...text].length > MESSAGE_MAX;
  function submit(e?: FormEvent) {
    e?.preventDefault();
    if (!text.trim() || tooLong) return;
    stick.current = true;
    room.send(text);
    setText('');
  }
  function onKey(e: KeyboardEvent<HTMLTextAreaElement>) {
    // Enter sends, Shift+Enter breaks the line; never while composing Hangul (IME).
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  }

  return (
    <section className="chat-page" aria-labelledby="chat-title">
      <header className="chat-head">
        <h1 id="chat-title" className="chat-title">
          {title ?? '이슈 채팅방'}
        </h1>
        <p className="muted small" data-testid="presence">
          {state.onlineCount !== undefined ? `지금 ${state.onlineCount}명 접속 중` : '접속 중…'}
          {(state.participantCount ?? participants) !== undefined &&
            ` · ${state.participantCount ?? participants}명 참여`}
          {' · '}
          <a href={issueHref} onClick={linkHandler(issueHref)}>
            이슈 본문
          </a>
        </p>
      </header>
      <ConnectionBanner room={room} connection={state.connection} notice={state.notice} />
      {state.notice && state.connection !== 'closed' && (
        <p className="notice small" role="status">
          {state.notice}
        </p>
      )}
      {actionError && (
        <p className="card error-text small" role="alert">
          {actionError}
        </p>
      )}
      <div
        className="chat-log"
        ref={logRef}
        tabIndex={0}
        role="region"
        aria-label="채팅 메시지"
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICKY_PX;
        }}
      >
        {hasOlder && state.messages.length >= HISTORY_PAGE && (
          <button type="button" className="secondary wide" onClick={() => room.loadOlder().then(setHasOlder, () => {})}>
            이전 메시지 더 보기
          </button>
        )}
        {state.messages.length === 0 && (
          <p className="muted empty">
            {state.connection === 'open' ? '아직 메시지가 없어요. 첫 의견을 남겨 보세요.' : '불러오는 중…'}
          </p>
        )}
        <ol className="msg-list">
          {state.messages.map((m) => (
            <MessageItem key={m.clientId ?? m.id} m={m} actions={actions} />
          ))}
        </ol>
      </div>
      <div className="sr-only" role="log" aria-live="polite" aria-label="새 메시지 알림">
        {announced}
      </div>
      <form className="composer" onSubmit={submit}>
        <label htmlFor="chat-input" className="sr-only">
          메시지
        </label>
        <textarea
          id="chat-input"
          rows={1}
          value={text}
          placeholder="의견 남기기 · @올라 로 팩트체크"
          aria-describedby="chat-input-count"
          aria-invalid={tooLong || undefined}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKey}
        />
        <span id="chat-input-count" className={`small ${tooLong ? 'error-text' : 'muted'}`}>
          {[...text].length}/{MESSAGE_MAX}
        </span>
        <button type="submit" className="primary" disabled={!text.trim() || tooLong}>
          보내기
        </button>
      </form>
    </section>
  );
}
