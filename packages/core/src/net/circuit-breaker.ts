/**
 * Stops sending requests to an endpoint that keeps failing, so a dead model costs each
 * verification nothing instead of its whole time budget. Closed → (N consecutive failures) →
 * open, failing fast → (after the open time) half-open, one request let through → closed on
 * success, open again on failure.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | undefined;
  private probing = false;

  constructor(
    private readonly threshold: number,
    private readonly openMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): 'closed' | 'open' | 'half-open' {
    if (this.openedAt === undefined) return 'closed';
    return this.now() - this.openedAt >= this.openMs ? 'half-open' : 'open';
  }

  /** Whether a request may go now. In half-open only one is in flight at a time. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.probing) return false;
    this.probing = true;
    return true;
  }

  /** Milliseconds until an open breaker lets a request through. */
  retryInMs(): number {
    return this.openedAt === undefined ? 0 : Math.max(0, this.openedAt + this.openMs - this.now());
  }

  /** The endpoint answered (a 4xx included: it is up, the request was wrong). */
  success(): void {
    this.failures = 0;
    this.openedAt = undefined;
    this.probing = false;
  }

  failure(): void {
    this.failures++;
    if (this.probing || this.failures >= this.threshold) this.openedAt = this.now();
    this.probing = false;
  }

  /** The request ended without saying anything about the endpoint (the caller aborted). */
  release(): void {
    this.probing = false;
  }
}
