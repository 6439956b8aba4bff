import { Type, type Static } from 'typebox';

/**
 * The one error shape of every API response that is not a success. `code` is stable and meant
 * for programs; `message` is for people (Korean when it is shown to app users). 5xx answers
 * carry a generic message: their details go to the server log only.
 */
export const ErrorResponse = Type.Object({
  code: Type.String({ description: 'Stable machine-readable error code, e.g. NOT_FOUND' }),
  message: Type.String(),
  /** Korean, for the person who sees the answer: sent by the routes the app's screens call. */
  display_message: Type.Optional(Type.String()),
});
export type ErrorResponse = Static<typeof ErrorResponse>;

/** Codes the server uses for the statuses every route can return. */
export const ErrorCodes = {
  400: 'BAD_REQUEST',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  500: 'INTERNAL_ERROR',
  503: 'NOT_READY',
} as const;
