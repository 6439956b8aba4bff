import { useState } from 'react';
import { shareLink } from '../lib/share-link.js';

/** "링크 공유" (the system share sheet, else the clipboard) and the plain link to a read-only result page. */
export function LinkShare({ title, text, url, testId }: { title: string; text: string; url: string; testId: string }) {
  const [message, setMessage] = useState<string>();
  const share = async () => {
    setMessage(undefined);
    setMessage(await shareLink({ title, text, url }));
  };
  return (
    <>
      <button type="button" className="secondary" onClick={() => void share()}>
        링크 공유
      </button>
      <a className="small share-link" href={url} data-testid={testId}>
        결과 링크
      </a>
      {message && (
        <span className="small muted share-message" role="status">
          {message}
        </span>
      )}
    </>
  );
}
