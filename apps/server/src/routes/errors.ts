import { ErrorResponse } from '@olala/contract';

/** Responses every route can give besides its own: rate limit and unexpected failure. */
export const commonErrors = { 429: ErrorResponse, 500: ErrorResponse } as const;
