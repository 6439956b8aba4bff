/**
 * Shares a link through the system share sheet where there is one, else copies it. Answers what
 * to tell the user (nothing when the sheet took it or the user closed it).
 */
export async function shareLink(share: { url: string; title: string; text: string }): Promise<string | undefined> {
  if (navigator.share) {
    try {
      await navigator.share(share);
      return undefined;
    } catch (err) {
      if ((err as Error).name === 'AbortError') return undefined;
    }
  }
  try {
    await navigator.clipboard.writeText(share.url);
    return '링크를 복사했어요.';
  } catch {
    return `링크: ${share.url}`;
  }
}
