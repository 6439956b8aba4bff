import { saveAnalyses, type NewAnalysis } from '../analyses/store.js';
import type { Db } from '../db/types.js';
import type { Rendezvous, Seat } from './rendezvous.js';

/**
 * Longest a claim's stored run waits for the other claims' before it is inserted without them:
 * without an LLM the claims finish together; with one, the others may be seconds away.
 */
const MAX_WAIT_MS = 30;

export interface AnalysesPool {
  /** How `seat`'s check stores its run (`CheckOptions.save`): its row joins the others' insert. */
  member(seat: Seat): (run: NewAnalysis) => Promise<void>;
  /** Inserts run so far. */
  readonly inserts: number;
}

/**
 * The `analyses` rows of one article's claims, inserted together once every claim still running
 * has stored its run (`saveAnalyses`: one statement; a row that fails is retried alone and fails
 * alone). Each check still awaits its own row, so a claim's result is stored before it is sent.
 */
export function analysesPool(db: Db, group: Rendezvous): AnalysesPool {
  const batch = group.batch<NewAnalysis, void>((runs) => saveAnalyses(db, runs), MAX_WAIT_MS);
  return {
    member: (seat) => async (run) => {
      const [stored] = batch.add(seat, [run]);
      const outcome = await stored!;
      if (outcome.status === 'rejected') throw outcome.reason;
    },
    get inserts() {
      return batch.runs;
    },
  };
}
