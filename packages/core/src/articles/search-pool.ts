import type { WikiSearchResponse } from '@olala/contract';
import { Rendezvous, type Seat } from './rendezvous.js';
import {
  searchWikiSettled,
  type SettledSearch,
  type WikiSearchDeps,
  type WikiSearchInput,
} from '../search/wiki-search.js';
import { pageLeadsMany, type PageLead } from '../search/wiki-page.js';

/**
 * Longest a claim's searches wait for the other claims' before their batch runs without them.
 * Without an LLM every claim reaches its wiki stage within milliseconds of the others; with one,
 * another claim's query generation can take seconds, and waiting for it would only add latency.
 */
const MAX_WAIT_MS = 30;

export interface SearchPoolStats {
  /** Batches run (each one lexical pass over the union of its searches' terms). */
  batches: number;
  /** Searches the claims asked for. */
  asked: number;
  /** Of those, answered by a search another claim (or the same one) had already asked for. */
  shared: number;
}

export interface PoolMember {
  /** The claim's wiki search: its searches join the pool's batches. */
  wiki: WikiSearchDeps;
  /** The claim is done (or never reached the wiki): the others stop waiting for it. */
  leave(): void;
}

export interface SearchPool {
  /** A claim of its own; `seat`, a claim already seated in the group the pool was made with. */
  join(seat?: Seat): PoolMember;
  stats(): SearchPoolStats;
}

/**
 * The wiki searches of one article's claims, run together: a batch starts once every claim
 * still running has asked for its searches (or after `MAX_WAIT_MS`), so all the claims' queries
 * cost one lexical pass and one read of chunks and text, and a search two claims ask for runs
 * once. Each search's answer is the one `searchWiki` gives it alone. Answers live as long as the
 * article's run, so a wiki import never meets a stale one for long; a failed search is forgotten.
 * `group` holds the claims (shared with the article's other batches, `analyses-pool.ts`).
 */
export function wikiSearchPool(deps: WikiSearchDeps, group = new Rendezvous()): SearchPool {
  const base: WikiSearchDeps = { ...deps, pool: undefined, leads: undefined };
  const known = new Map<string, Promise<SettledSearch>>();
  const batch = group.batch<WikiSearchInput, WikiSearchResponse>(
    (inputs) => searchWikiSettled(inputs, base),
    MAX_WAIT_MS,
  );
  // The claims' subject-page lookups, likewise one statement for the article (`pageLeadsMany`).
  const leads = group.batch<readonly string[], PageLead[]>(
    async (asks) => (await pageLeadsMany(deps.reader, asks)).map((value) => ({ status: 'fulfilled', value })),
    MAX_WAIT_MS,
  );
  const stats = { asked: 0, shared: 0 };

  return {
    join(seat = group.join()) {
      const search = (inputs: readonly WikiSearchInput[]): Promise<SettledSearch[]> => {
        const fresh: WikiSearchInput[] = [];
        const settles: ((r: SettledSearch) => void)[] = [];
        const answers = inputs.map((input) => {
          stats.asked++;
          const key = JSON.stringify(input);
          const found = known.get(key);
          if (found) {
            stats.shared++;
            return found;
          }
          const answer = new Promise<SettledSearch>((settle) => (fresh.push(input), settles.push(settle)));
          known.set(key, answer);
          void answer.then((r) => {
            // A failed search is not remembered: the next claim asks again.
            if (r.status === 'rejected') known.delete(key);
          });
          return answer;
        });
        batch.add(seat, fresh).forEach((answer, i) => void answer.then(settles[i]));
        return Promise.all(answers);
      };
      const lookUp = async (titles: readonly string[]): Promise<PageLead[]> => {
        const found = await leads.add(seat, [titles])[0]!;
        if (found.status === 'rejected') throw found.reason;
        return found.value;
      };
      return { wiki: { ...deps, pool: search, leads: lookUp }, leave: () => seat.leave() };
    },
    stats: () => ({ batches: batch.runs, ...stats }),
  };
}
