/** fetch hides the useful part (ECONNREFUSED, ENOTFOUND) in `cause`. */
export function describeFetchError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause as { code?: string; message?: string } | undefined;
  return cause?.code
    ? `${err.message} (${cause.code})`
    : cause?.message
      ? `${err.message} (${cause.message})`
      : err.message;
}
