/** A claim of the article, present from when it starts until it is done. */
export interface Seat {
  /** The claim is done (or never reached a batch): the batches stop waiting for it. */
  leave(): void;
}

export interface Batch<I, O> {
  /**
   * `seat`'s inputs (none is fine: the seat has arrived with nothing to add). The batch runs once
   * every seat still present has arrived, or `maxWaitMs` after its first input. A seat arrives
   * once: a claim asks for its searches, or stores its result, one time, so whatever it adds
   * later runs as soon as the others have arrived too.
   */
  add(seat: Seat, inputs: readonly I[]): Promise<PromiseSettledResult<O>>[];
  /** Batches run so far. */
  readonly runs: number;
}

interface SeatState extends Seat {
  left: boolean;
  /** The batches this seat has arrived at. */
  arrived: Set<object>;
}

/**
 * The claims of one article and the batches they fill together: a batch waits until every claim
 * still running has handed in its part, so that without an LLM, where the claims move in step,
 * five claims' work is one statement instead of five. The wait is bounded, because with an LLM
 * the claims do not move in step and waiting for a slow one would only add its latency.
 */
export class Rendezvous {
  private readonly seats = new Set<SeatState>();
  private readonly checks = new Set<() => void>();

  join(): Seat {
    const seat: SeatState = {
      left: false,
      arrived: new Set(),
      leave: () => {
        if (seat.left) return;
        seat.left = true;
        this.seats.delete(seat);
        for (const check of this.checks) check();
      },
    };
    this.seats.add(seat);
    return seat;
  }

  /** `run` answers a batch's inputs in order; a rejection of the whole batch rejects each input. */
  batch<I, O>(run: (inputs: I[]) => Promise<PromiseSettledResult<O>[]>, maxWaitMs: number): Batch<I, O> {
    let queued: { input: I; settle: (r: PromiseSettledResult<O>) => void }[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    let runs = 0;
    const key = {};
    const flush = () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      const batch = queued;
      queued = [];
      if (batch.length === 0) return;
      runs++;
      run(batch.map((q) => q.input)).then(
        (results) => batch.forEach((q, i) => q.settle(results[i]!)),
        (reason: unknown) => batch.forEach((q) => q.settle({ status: 'rejected', reason })),
      );
    };
    const check = () => {
      if (queued.length === 0) return;
      if ([...this.seats].every((s) => s.arrived.has(key))) flush();
      else timer ??= setTimeout(flush, maxWaitMs);
    };
    this.checks.add(check);
    return {
      add: (seat, inputs) => {
        const answers = inputs.map(
          (input) => new Promise<PromiseSettledResult<O>>((settle) => queued.push({ input, settle })),
        );
        (seat as SeatState).arrived.add(key);
        check();
        return answers;
      },
      get runs() {
        return runs;
      },
    };
  }
}
