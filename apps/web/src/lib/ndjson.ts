/**
 * Reads an NDJSON response line by line as it arrives (a line may be split across chunks) and
 * hands each parsed line to `onLine`; `onLine` answers `true` to stop reading (the closing event
 * of a run), which releases the connection. Answers whether `onLine` stopped it.
 */
export async function readNdjson<T>(res: Response, onLine: (line: T) => boolean): Promise<boolean> {
  if (!res.body) throw new Error('the response has no body');
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (value) buffered += value;
    const lines = buffered.split('\n');
    buffered = done ? '' : lines.pop()!;
    for (const line of lines) {
      if (!line.trim()) continue;
      if (onLine(JSON.parse(line) as T)) {
        await reader.cancel().catch(() => {});
        return true;
      }
    }
    if (done) return false;
  }
}
