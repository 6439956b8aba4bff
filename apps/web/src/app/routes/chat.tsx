import { useEffect } from 'react';
import { paths } from '../../config/paths.js';
import { ChatRoomView } from '../../features/chat/components/chat-room-view.js';
import { getIssue } from '../../features/issues/api/get-issue.js';
import { useLoad } from '../../lib/use-load.js';

/** The chat room, titled with its issue (the room opens at once; the title follows). */
export default function ChatRoute({ issueId }: { issueId: string }) {
  // Without the issue (not loaded yet, or failed) the room still works, untitled.
  const issue = useLoad((signal) => getIssue(issueId, signal), issueId).data;
  useEffect(() => {
    document.title = `${issue?.title ?? '채팅방'} · OLaLA`;
  }, [issue]);
  return (
    <ChatRoomView
      issueId={issueId}
      title={issue?.title}
      participants={issue?.participantCount}
      issueHref={paths.issue.href(issueId)}
      resultHref={paths.result.href}
    />
  );
}
