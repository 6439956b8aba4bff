/** The chat contract's message length, copied so the schema library stays out of the bundle (a test checks they agree). */
export const MESSAGE_MAX = 500;
