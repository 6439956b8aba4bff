/**
 * Values of the chat contract (packages/contract/src/chat.ts), copied so the schema library stays
 * out of the bundle; test/components/chat.test.tsx checks they still agree.
 */
/** CHAT_LIMITS.maxLength. */
export const MESSAGE_MAX = 500;
/** OLALA_BOT.userId: 올라's cards and notes. */
export const OLALA_USER_ID = 'olala';
