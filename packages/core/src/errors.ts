/**
 * An error caused by what the user gave us (a flag, a file, a request field), with a message
 * that says what was wrong and where. The CLI prints it without a stack trace and exits 2;
 * the server answers 400 BAD_REQUEST with it, or what its error handler maps a subclass to
 * (apps/server/src/routes/errors.ts).
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
