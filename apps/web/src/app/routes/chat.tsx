import { useEffect, useState } from 'react';
import { paths } from '../../config/paths.js';
import { ChatRoomView } from '../../features/chat/components/chat-room-view.js';
import { getIssue } from '../../features/issues/api/get-issue.js';

/** The chat room, titled with its issue (the room opens at once; the title follows). */
export default function ChatRoute({ issueId }: { issueId: string }) {
  const [title, setTitle] = useState<string>();
  useEffect(() => {
    const ac = new AbortController();
    getIssue(issueId, ac.signal).then(
      (i) => setTitle(i.title),
      () => {},
    );
    return () => ac.abort();
  }, [issueId]);
  useEffect(() => {
    document.title = `${title ?? '채팅방'} · OLaLA`;
  }, [title]);
  return <ChatRoomView issueId={issueId} title={title} issueHref={paths.issue.href(issueId)} resultHref={paths.result.href} />;
}
