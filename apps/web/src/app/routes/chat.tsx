import { useEffect, useState } from 'react';
import { paths } from '../../config/paths.js';
import { ChatRoomView } from '../../features/chat/components/chat-room-view.js';
import { getIssue } from '../../features/issues/api/get-issue.js';

/** The chat room, titled with its issue (the room opens at once; the title follows). */
export default function ChatRoute({ issueId }: { issueId: string }) {
  const [issue, setIssue] = useState<{ title: string; participantCount: number }>();
  useEffect(() => {
    const ac = new AbortController();
    getIssue(issueId, ac.signal).then(
      (i) => setIssue(i),
      () => {},
    );
    return () => ac.abort();
  }, [issueId]);
  useEffect(() => {
    document.title = `${issue?.title ?? '채팅방'} · OLaLA`;
  }, [issue]);
  return <ChatRoomView issueId={issueId} title={issue?.title} participants={issue?.participantCount} issueHref={paths.issue.href(issueId)} resultHref={paths.result.href} />;
}
