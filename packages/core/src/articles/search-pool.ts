import {
  searchWikiSettled,
  type SettledSearch,
  type WikiSearchDeps,
  type WikiSearchInput,
} from '../search/wiki-search.js';

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
  join(): PoolMember;
  stats(): SearchPoolStats;
}

interface Member {
  searched: boolean;
  left: boolean;
}

/**
 * The wiki searches of one article's claims, run together: a batch starts once every claim
 * still running has asked for its searches (or after `MAX_WAIT_MS`), so all the claims' queries
 * cost one lexical pass and one read of chunks and text, and a search two claims ask for runs
 * once. Each search's answer is the one `searchWiki` gives it alone. Answers live as long as the
 * article's run, so a wiki import never meets a stale one for long; a failed search is forgotten.
 */
export function wikiSearchPool(deps: WikiSearchDeps): SearchPool {
  const base: WikiSearchDeps = { ...deps, pool: undefined };
  const members = new Set<Member>();
  const known = new Map<string, Promise<SettledSearch>>();
  let queued: { input: WikiSearchInput; settle: (r: SettledSearch) => void }[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stats: SearchPoolStats = { batches: 0, asked: 0, shared: 0 };

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const batch = queued;
    queued = [];
    if (batch.length === 0) return;
    stats.batches++;
    searchWikiSettled(
      batch.map((q) => q.input),
      base,
    ).then(
      (results) => batch.forEach((q, i) => q.settle(results[i]!)),
      (reason: unknown) => batch.forEach((q) => q.settle({ status: 'rejected', reason })),
    );
  };
  // Everyone still running has asked: nothing more will join this batch.
  const maybeFlush = () => {
    if (queued.length === 0) return;
    if ([...members].every((m) => m.searched || m.left)) flush();
    else timer ??= setTimeout(flush, MAX_WAIT_MS);
  };

  return {
    join() {
      const member: Member = { searched: false, left: false };
      members.add(member);
      const search = (inputs: readonly WikiSearchInput[]): Promise<SettledSearch[]> => {
        member.searched = true;
        const answers = inputs.map((input) => {
          stats.asked++;
          const key = JSON.stringify(input);
          const found = known.get(key);
          if (found) {
            stats.shared++;
            return found;
          }
          const answer = new Promise<SettledSearch>((settle) => queued.push({ input, settle }));
          known.set(key, answer);
          void answer.then((r) => {
            // A failed search is not remembered: the next claim asks again.
            if (r.status === 'rejected') known.delete(key);
          });
          return answer;
        });
        maybeFlush();
        return Promise.all(answers);
      };
      return {
        wiki: { ...deps, pool: search },
        leave() {
          member.left = true;
          members.delete(member);
          maybeFlush();
        },
      };
    },
    stats: () => ({ ...stats }),
  };
}
