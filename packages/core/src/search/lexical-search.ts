import type { Queryable } from '../db/types.js';
import { decodePostings, weightValue } from './postings.js';
import { DOC_COUNT_TERM, TOMBSTONE_TERM, type PostingField } from './postings-builder.js';
import { ScoreTable } from './score-table.js';
import { heldTitleTerms, postingCacheOf, type CachedRow } from './posting-cache.js';
import { eachPackedPlace, heldChunkPlaces, PACKED_PLACES_SQL } from './chunk-places.js';
import { WIKI_VERSION_SQL } from './held-per-version.js';
import { isBigram, isTitleTerm, TITLE_PREFIX, tokenize } from './tokenizer.js';

export interface LexicalOptions {
  /** How many chunks to return, best first. */
  limit?: number;
  /** Only chunks of these pages. */
  pageIds?: readonly number[];
  /** Multiplier of a page's title score added to each of its chunks. */
  titleWeight?: number;
  /** Weight of a Hangul bigram match relative to a whole-word match. */
  bigramWeight?: number;
  /** Terms in more than this share of documents add nothing but cost, and are skipped. */
  maxDocShare?: number;
  /** Below this share of the query's weight matched, the best chunk is not a match at all. */
  minCoverage?: number;
  /**
   * Read every candidate chunk and every top title page's chunks in one round, instead of only
   * those that can still place: the same answers, more rows (tests and benchmarks compare them).
   */
  exhaustive?: boolean;
  /**
   * Whether the candidates' pages come from every chunk's place held in this process
   * (chunk-places.ts) rather than a statement per round: by default on a wiki of at least
   * HELD_PLACES_MIN_CHUNKS chunks; true always, false never. The same answers either way
   * (tests and benchmarks compare them).
   */
  heldPlaces?: boolean;
}

export interface LexicalChunk {
  chunkId: number;
  pageId: number;
  /** Its place in the page (wiki_chunks.chunk_idx), read with the page: hits group by it. */
  chunkIdx: number;
  score: number;
  contentScore: number;
  titleScore: number;
  /** Share of the query's idf mass (word terms) that this chunk or its title matched. */
  coverage: number;
}

export interface LexicalResult {
  terms: string[];
  chunks: LexicalChunk[];
  /** Why nothing came back, when nothing did. */
  reason?: 'no_terms' | 'no_match' | 'weak_match';
}

interface TermInfo {
  field: PostingField;
  term: string;
  df: number;
  idf: number;
  lists: { segment: number; postings: Uint8Array }[];
}

// Tuned on KorQuAD and MIRACL-ko with bench/tokenizer-quality.ts: a light title field and
// bigrams worth a bit less than words beat both extremes (docs/search.md has the figures).
const DEFAULTS = {
  limit: 50,
  titleWeight: 0.2,
  bigramWeight: 0.7,
  maxDocShare: 0.35,
  minCoverage: 0.1,
  exhaustive: false,
  heldPlaces: undefined as boolean | undefined,
};
/**
 * Below this many chunks the candidates' statement is a few milliseconds (the heap sits in the
 * database's buffers), and loading the places on a first search is not worth it.
 */
export const HELD_PLACES_MIN_CHUNKS = 50_000;
/** Candidates rescored with their page's title; more is slower, fewer loses title-only hits. */
const CONTENT_CANDIDATES = 400;
const TITLE_CANDIDATES = 30;
const ACCUMULATOR_LIMIT = 60_000;

function idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

type Loaded = {
  /** The wiki's version (WIKI_VERSION_SQL) as of this read; undefined without an index. */
  version?: string;
  info: TermInfo[];
  docs: Record<PostingField, number>;
  dead: Record<PostingField, Map<number, number>>;
};

type PostingRow = {
  field: PostingField;
  term: string;
  segment: number;
  df: number;
  version: string;
  postings: Uint8Array | null;
  wiki: string;
};

const FIELDS: readonly PostingField[] = ['c', 't'];
const termKey = (field: string, term: string) => `${field}\u0000${term}`;

/**
 * In one read: the document counts, the tombstones (documents an appended segment replaced or
 * removed; a merged index has none), each query term's document frequency, and the posting
 * lists of the terms that will be scored — not those in more than `maxDocShare` of the
 * documents, which are skipped anyway and have the longest lists, and not those this process
 * already holds at the same row version (posting-cache.ts).
 *
 * The terms reach the index scan through ARRAY(SELECT unnest(…)), not as the bound array: bound,
 * the array is planned as a constant and each term is estimated against the column's statistics,
 * which costs PGlite about as much as scanning the index for it. An article's five claims (~150
 * terms) took 3.4–3.6 CPU-ms against 4.1 (a claim's ~45 terms 1.8–1.9 against 2.1): the bench's
 * statements replayed in one process, both forms alternated, medians of 10 rounds (bench/README.md,
 * "Articles"). The rows and the index scan are the same.
 */
async function loadTerms(db: Queryable, terms: string[], maxDocShare: number): Promise<Loaded> {
  // Whole-title candidates that name no page find no row: sent only when the set of the wiki's
  // title terms (posting-cache.ts) may hold them. The set is of the version last seen; if the
  // statement read another, its answer may lack a title that is new, and every term is sent again.
  const titles = heldTitleTerms.latest(db);
  const sent = titles ? terms.filter((t) => !isTitleTerm(t) || titles.mayHave(t)) : terms;
  lexicalCounters.titleTermsSkipped += terms.length - sent.length;
  let loaded = await readTerms(db, sent, maxDocShare);
  if (titles && sent.length < terms.length && loaded.version !== titles.version) {
    lexicalCounters.titleTermsSkipped -= terms.length - sent.length;
    loaded = await readTerms(db, terms, maxDocShare);
  }
  if (loaded.version !== undefined) heldTitleTerms.at(db, loaded.version);
  return loaded;
}

async function readTerms(db: Queryable, terms: string[], maxDocShare: number): Promise<Loaded> {
  const cache = postingCacheOf(db);
  // Taken now: a query running meanwhile may evict them, and the database will not send them.
  const held = new Map<string, CachedRow[]>();
  const h = { field: [] as string[], term: [] as string[], segment: [] as number[], version: [] as string[] };
  for (const term of terms)
    for (const field of FIELDS) {
      const rows = cache.get(termKey(field, term));
      if (!rows) continue;
      held.set(termKey(field, term), rows);
      for (const r of rows) {
        h.field.push(field);
        h.term.push(term);
        h.segment.push(r.segment);
        h.version.push(r.version);
      }
    }
  const { rows: packed } = await db.query<PackedPostings>(
    `WITH n AS (SELECT field, sum(df) AS docs FROM wiki_postings WHERE term = $2 GROUP BY field),
          p AS (SELECT field, term, segment, df, postings, tableoid::text || ':' || xmin::text AS version,
                       sum(df) OVER (PARTITION BY term, field) AS total
                  FROM wiki_postings WHERE term = ANY(ARRAY(SELECT unnest($1::text[])))),
          r AS (SELECT p.field, p.term, p.segment, p.df, p.version,
                       CASE WHEN p.term = $3
                              OR (p.term <> $2 AND n.docs > 0 AND (p.total <= n.docs * $4::float8 OR starts_with(p.term, $5))
                                  AND NOT EXISTS (SELECT 1 FROM unnest($6::text[], $7::text[], $8::int[], $9::text[])
                                                         AS h(field, term, segment, version)
                                                   WHERE h.field = p.field::text AND h.term = p.term
                                                     AND h.segment = p.segment AND h.version = p.version))
                            THEN p.postings END AS postings
                  FROM p LEFT JOIN n ON n.field = p.field)
     SELECT json_agg(json_build_array(field, term, segment, df, version, length(postings))) AS rows,
            string_agg(postings, ''::bytea) AS lists,
            CASE WHEN count(*) > 0 THEN ${WIKI_VERSION_SQL} END AS wiki
       FROM r`,
    [
      [DOC_COUNT_TERM, TOMBSTONE_TERM, ...terms],
      DOC_COUNT_TERM,
      TOMBSTONE_TERM,
      maxDocShare,
      TITLE_PREFIX,
      h.field,
      h.term,
      h.segment,
      h.version,
    ],
  );
  const rows = unpackPostings(packed[0]);
  const docs: Record<PostingField, number> = { c: 0, t: 0 };
  const dead: Record<PostingField, Map<number, number>> = { c: new Map(), t: new Map() };
  const byKey = new Map<string, TermInfo>();
  const termRows = new Map<string, PostingRow[]>();
  for (const r of rows) {
    if (r.term === DOC_COUNT_TERM) {
      docs[r.field] += r.df;
      continue;
    }
    if (r.term === TOMBSTONE_TERM) {
      const tomb = dead[r.field];
      decodePostings(r.postings!, (id) => tomb.set(id, Math.max(tomb.get(id) ?? -1, r.segment)));
      continue;
    }
    const k = termKey(r.field, r.term);
    const entry = byKey.get(k) ?? { field: r.field, term: r.term, df: 0, idf: 0, lists: [] };
    entry.df += r.df;
    byKey.set(k, entry);
    termRows.set(k, [...(termRows.get(k) ?? []), r]);
  }
  const info = [...byKey.values()];
  for (const t of info) t.idf = idf(docs[t.field], t.df);
  const missing: PostingRow[] = [];
  for (const t of info) {
    if (skipped(t, docs, maxDocShare)) continue;
    const k = termKey(t.field, t.term);
    // An index built before segments were merged has several rows per term: segment order keeps
    // each term's lists in id order.
    const own = termRows.get(k)!.sort((a, b) => a.segment - b.segment);
    const kept: CachedRow[] = [];
    for (const r of own) {
      const postings =
        r.postings ?? held.get(k)?.find((c) => c.segment === r.segment && c.version === r.version)?.postings;
      if (postings) kept.push({ segment: r.segment, version: r.version, postings });
      else missing.push(r);
    }
    if (kept.length === own.length) {
      cache.set(k, kept);
      t.lists = kept;
    }
  }
  // Only if this rule and the SQL's ever disagree on a term at the share's boundary.
  if (missing.length > 0) await readMissing(db, missing, byKey);
  return { version: rows[0]?.wiki, info, docs, dead };
}

/**
 * The posting statement's rows aggregated: each row's fields but its list as one JSON array
 * (the list's length last, null for a list not sent), the lists concatenated in the same order
 * as one bytea, and the wiki's version once. On PGlite every field of every row is copied into
 * a buffer of its own and decoded: an article's 75 rows cost it about 0.5 CPU-ms more than this
 * one row (the bench's statements replayed, bench/README.md "Articles").
 */
type PackedPostings = {
  rows: [PostingField, string, number, number, string, number | null][] | string | null;
  lists: Uint8Array | null;
  wiki: string | null;
};

function unpackPostings(packed: PackedPostings | undefined): PostingRow[] {
  if (!packed?.rows) return [];
  const fields = typeof packed.rows === 'string' ? (JSON.parse(packed.rows) as never) : packed.rows;
  const wiki = packed.wiki!;
  let at = 0;
  return fields.map(([field, term, segment, df, version, length]) => ({
    field,
    term,
    segment,
    df,
    version,
    // Copied out (a Buffer's slice is a view): the posting cache counts a list's own bytes, and
    // a view would hold every list of the statement.
    postings: length === null ? null : Buffer.from(packed.lists!.subarray(at, (at += length))),
    wiki,
  }));
}

async function readMissing(db: Queryable, missing: PostingRow[], byKey: Map<string, TermInfo>): Promise<void> {
  const { rows } = await db.query<{ field: PostingField; term: string; segment: number; postings: Uint8Array }>(
    `SELECT p.field, p.term, p.segment, p.postings
       FROM unnest($1::text[], $2::text[]) AS k(term, field)
       JOIN wiki_postings p ON p.term = k.term AND p.field = k.field::"char"
      ORDER BY p.term, p.field, p.segment`,
    [missing.map((r) => r.term), missing.map((r) => r.field)],
  );
  const reread = new Set<TermInfo>();
  for (const r of rows) {
    const t = byKey.get(termKey(r.field, r.term))!;
    if (!reread.has(t)) {
      reread.add(t);
      t.lists = [];
    }
    t.lists.push({ segment: r.segment, postings: r.postings });
  }
}

/** A term too common to tell documents apart (whole-title candidates always count). */
function skipped(t: TermInfo, docs: Record<PostingField, number>, maxDocShare: number): boolean {
  const n = docs[t.field];
  return n === 0 || (t.df > n * maxDocShare && !isTitleTerm(t.term));
}

/**
 * BM25 over the posting lists of the query's terms: chunk text scores chunks, title terms score
 * pages, and a chunk's score is its own plus its page's title score. Returns nothing, with a
 * reason, when the best match covers too little of the question to be about it.
 */
export async function lexicalSearch(
  db: Queryable,
  question: string,
  options: LexicalOptions = {},
): Promise<LexicalResult> {
  return (await lexicalSearchMany(db, [question], options))[0]!;
}

/**
 * Several questions searched together, each answered exactly as `lexicalSearch` answers it
 * alone: the union of their terms is read in one pass (each posting list once) and their
 * chunks' pages in one more, so the claims of one article cost three reads, not three each.
 */
export async function lexicalSearchMany(
  db: Queryable,
  questions: readonly string[],
  options: LexicalOptions = {},
): Promise<LexicalResult[]> {
  const opts = { ...DEFAULTS, ...options };
  // A term the question repeats weighs more, as in BM25 with query term frequency; whole-title
  // candidates count once (naming the page twice is no more exact).
  const counts = questions.map((question) => {
    const queryCounts = new Map<string, number>();
    for (const term of tokenize(question, { kind: 'query' }))
      queryCounts.set(term, isTitleTerm(term) ? 1 : (queryCounts.get(term) ?? 0) + 1);
    return queryCounts;
  });
  const allTerms = [...new Set(counts.flatMap((c) => [...c.keys()]))];
  const loaded = allTerms.length > 0 ? await loadTerms(db, allTerms, opts.maxDocShare) : undefined;
  const scored = counts.map((queryCounts) => (loaded ? scoreQuestion(queryCounts, loaded, opts) : undefined));

  // The candidates' pages are read in rounds, best candidates first: a chunk left unread cannot
  // place in the top `limit` once `limit` read ones outscore the most it could reach (its content
  // score plus the page title's largest). On PGlite each candidate is a heap fetch (~30 µs at
  // 200k chunks), and the API asks for 64 of the 400; the ranking is the same as reading all 400.
  // So are the top title pages' other chunks: only the pages whose title could lift them into
  // the top `limit` are read (pagesWorthReading). Once the process holds every chunk's place
  // for the wiki's version (chunk-places.ts), the rounds read those instead of wiki_chunks.
  const pageOf = new Map<number, number>();
  const idxOf = new Map<number, number>();
  const chunksOf = new Map<number, number[]>();
  const asked = new Set<number>();
  const shown = scored.map(() => 0);
  const answers: (LexicalResult | undefined)[] = scored.map(() => undefined);
  const pagesRead = new Set<number>();
  const places =
    loaded?.version !== undefined && (opts.heldPlaces ?? loaded.docs.c >= HELD_PLACES_MIN_CHUNKS)
      ? heldChunkPlaces.at(db, loaded.version)
      : undefined;
  for (let round = 0; answers.some((a, i) => !a && scored[i]?.matched); round++) {
    const content: number[] = [];
    const pages: number[] = [];
    scored.forEach((s, i) => {
      if (answers[i] || !s?.matched) return;
      const next =
        round === 0
          ? opts.exhaustive
            ? s.topContent.length
            : firstRead(opts.limit, s.topContent.length)
          : Math.min(s.topContent.length, Math.max(1, shown[i]!) * 4);
      // Questions of one batch share candidates: each id is asked for once.
      for (const id of s.topContent.slice(shown[i], next))
        if (!asked.has(id)) {
          asked.add(id);
          content.push(id);
        }
      shown[i] = next;
      for (const id of s.pages)
        if (!pagesRead.has(id)) {
          pagesRead.add(id);
          pages.push(id);
        }
    });
    lexicalCounters.candidateReads++;
    lexicalCounters.candidatesRead += content.length;
    if (places) lexicalCounters.heldReads++;
    const take = (chunkId: number, pageId: number, chunkIdx: number) => {
      // A chunk both asked for and on a page read comes back once per round, and may again later.
      if (pageOf.has(chunkId)) return;
      pageOf.set(chunkId, pageId);
      idxOf.set(chunkId, chunkIdx);
      const onPage = chunksOf.get(pageId);
      if (onPage) onPage.push(chunkId);
      else chunksOf.set(pageId, [chunkId]);
    };
    if (places) for (const r of places.read(content, pages, opts.pageIds)) take(r.chunk_id, r.page_id, r.chunk_idx);
    else if (content.length > 0 || pages.length > 0) {
      const { rows } = await db.query<{ places: Uint8Array | null }>(
        `SELECT ${PACKED_PLACES_SQL} AS places FROM wiki_chunks
          WHERE (chunk_id = ANY($1::bigint[]) OR page_id = ANY($2::bigint[]))
            AND ($3::bigint[] IS NULL OR page_id = ANY($3::bigint[]))`,
        [content, pages, opts.pageIds ? [...opts.pageIds] : null],
      );
      if (rows[0]?.places) eachPackedPlace(rows[0].places, take);
    }
    scored.forEach((s, i) => {
      if (answers[i] || !s?.matched) return;
      answers[i] = rankRead(s, shown[i]!, { pageOf, idxOf, chunksOf }, opts, [...counts[i]!.keys()]);
    });
  }

  return scored.map((s, i) => {
    if (!s) return { terms: [], chunks: [], reason: 'no_terms' };
    if (s.matched === false) return { terms: [...counts[i]!.keys()], chunks: [], reason: 'no_match' };
    return answers[i]!;
  });
}

/**
 * Test-visible counts of the candidates' page reads: rounds, chunk ids asked for, top title
 * pages left unread because none of their other chunks could place, and rounds answered from
 * the held places instead of a statement; and of the terms read.
 */
export const lexicalCounters = {
  candidateReads: 0,
  candidatesRead: 0,
  pagesSkipped: 0,
  heldReads: 0,
  /** Whole-title candidates not sent because the wiki's title terms cannot hold them. */
  titleTermsSkipped: 0,
};

/** Candidates asked for in the first round: enough that one round usually settles `limit`. */
function firstRead(limit: number, candidates: number): number {
  return Math.min(candidates, Math.max(100, 2 * limit));
}

type Matched = Extract<Scored, { matched: true }>;

/** The candidates' rows read so far in a batch: each chunk's page and place, each page's chunks read. */
interface ReadRows {
  pageOf: ReadonlyMap<number, number>;
  idxOf: ReadonlyMap<number, number>;
  chunksOf: ReadonlyMap<number, readonly number[]>;
}

/**
 * The ranking of the best `read` content candidates and the top pages' chunks, or undefined
 * when a candidate not yet read could still place in the top `opts.limit`.
 */
function rankRead(
  s: Matched,
  read: number,
  { pageOf, idxOf, chunksOf }: ReadRows,
  opts: typeof DEFAULTS,
  queryTerms: string[],
): LexicalResult | undefined {
  // The rows this question alone would have read: its own candidates and its own pages' chunks,
  // looked up rather than found by scanning every row of the batch (an article's 18 questions
  // each scanned all ~330).
  const ownPages = new Set(s.pages);
  const own = new Set<number>();
  for (let k = 0; k < read; k++) if (pageOf.has(s.topContent[k]!)) own.add(s.topContent[k]!);
  for (const page of s.pages) for (const chunkId of chunksOf.get(page) ?? []) own.add(chunkId);
  const totalIdf = s.trackedIdf.reduce((a, b) => a + b, 0);
  const chunks: LexicalChunk[] = [];
  for (const chunkId of own) {
    const pageId = pageOf.get(chunkId)!;
    const contentScore = s.content.get(chunkId) ?? 0;
    const titleScore = s.title.get(pageId) ?? 0;
    const mask = s.content.maskOf(chunkId) | s.title.maskOf(pageId);
    const matchedIdf = s.trackedIdf.reduce((a, v, j) => ((mask >>> j) & 1 ? a + v : a), 0);
    chunks.push({
      chunkId,
      pageId,
      chunkIdx: idxOf.get(chunkId)!,
      contentScore,
      titleScore,
      score: contentScore + opts.titleWeight * titleScore,
      coverage: totalIdf > 0 ? matchedIdf / totalIdf : 1,
    });
  }
  chunks.sort((a, b) => b.score - a.score || a.chunkId - b.chunkId);
  if (s.pages.length < s.topPages.length) {
    // The unread pages' other chunks reach at most s.skippedReach; when the limit-th read chunk
    // is not strictly above it (a candidate had no row, or page_ids left it out), read them too.
    if (chunks.length < opts.limit || !(chunks[opts.limit - 1]!.score > s.skippedReach)) {
      s.pages = s.topPages;
      return undefined;
    }
  }
  if (read < s.topContent.length) {
    // The most an unread candidate can score: its content score (the candidates are in
    // descending order) plus the best title score of a page whose chunks were not all read (the
    // top pages' were). Strictly below the limit-th, as a tie would be broken by chunk id.
    const reach = s.content.get(s.topContent[read]!)! + opts.titleWeight * s.title.maxExcept(ownPages);
    if (chunks.length < opts.limit || !(chunks[opts.limit - 1]!.score > reach)) return undefined;
  }
  if (chunks.length === 0) return { terms: queryTerms, chunks: [], reason: 'no_match' };
  if ((chunks[0]?.coverage ?? 0) < opts.minCoverage) return { terms: queryTerms, chunks: [], reason: 'weak_match' };
  return { terms: queryTerms, chunks: chunks.slice(0, opts.limit) };
}

type Scored =
  | { matched: false }
  | {
      matched: true;
      content: ScoreTable;
      title: ScoreTable;
      trackedIdf: number[];
      topContent: number[];
      topPages: number[];
      /** The top title pages whose chunks are read: those whose title could lift one to place. */
      pages: number[];
      /** The most a chunk of a top page left unread can score (when one is). */
      skippedReach: number;
    }
  | undefined;

/** One question's scores over the loaded terms (its own among them); undefined when it has no terms. */
function scoreQuestion(queryCounts: ReadonlyMap<string, number>, loaded: Loaded, opts: typeof DEFAULTS): Scored {
  const queryTerms = [...queryCounts.keys()];
  if (queryTerms.length === 0) return undefined;
  const { docs, dead } = loaded;
  const info = loaded.info.filter((t) => queryCounts.has(t.term));

  // Sized for the documents the question's scored terms can reach, not for a large wiki's worst
  // case: on a small one, allocating and scanning 65,536 slots per question cost more than scoring
  // (an article's claims score about 18 questions). The table still grows past a low bound.
  // So is the title table: 4,096 slots allocated, then scanned by top() and each round's
  // maxExcept, cost ~35–70 µs a question where its titles are a few dozen pages.
  const reach = { c: 0, t: 0 };
  for (const t of info) if (!skipped(t, docs, opts.maxDocShare)) reach[t.field] += t.df;
  const content = new ScoreTable(Math.min(1 << 16, 2 * reach.c + 2));
  const title = new ScoreTable(Math.min(1 << 12, 2 * reach.t + 2));
  // Coverage: the share of the question's rarest terms (words and bigrams; whole-title spans
  // are query-side guesses) that a chunk or its title contains, weighted by idf. A term the
  // corpus has never seen weighs the most, so a question about an unknown entity cannot
  // "match" through its common words alone. One bit per tracked term in a document's mask.
  const termIdf = new Map<string, number>();
  for (const t of info) if (t.field === 'c') termIdf.set(t.term, t.idf);
  const tracked = queryTerms
    .filter((t) => !isTitleTerm(t))
    .map((t) => [t, termIdf.get(t) ?? idf(docs.c, 0)] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 31);
  const bitOf = new Map(tracked.map(([t], i) => [t, 2 ** i]));
  const trackedIdf = tracked.map(([, v]) => v);

  // Rarest terms first. Once ACCUMULATOR_LIMIT documents hold a score, commoner terms only add
  // to those ("continue" pruning): a document that matched none of the rare terms cannot reach
  // the top, and on a large wiki the common terms' long lists would otherwise flood the map.
  // Ties in a fixed order: floating-point sums depend on the order of their terms, and the rows
  // come back in the table's physical order, which a rebuilt or merged index does not keep.
  info.sort(
    (a, b) =>
      b.idf - a.idf ||
      (a.term < b.term ? -1 : a.term > b.term ? 1 : a.field < b.field ? -1 : a.field > b.field ? 1 : 0),
  );
  for (const t of info) {
    if (skipped(t, docs, opts.maxDocShare)) continue;
    const bit = bitOf.get(t.term) ?? 0;
    const target = t.field === 'c' ? content : title;
    const scale = t.idf * (isBigram(t.term) ? opts.bigramWeight : 1) * (queryCounts.get(t.term) ?? 1);
    const open = target.size < ACCUMULATOR_LIMIT;
    const tomb = dead[t.field];
    // What a posting of each weight byte adds, computed once per term rather than per posting.
    const values = new Float64Array(256);
    for (let w = 1; w < 256; w++) values[w] = scale * weightValue(w);
    for (const { segment, postings } of t.lists) {
      // A posting is dead when a later segment tombstoned its document.
      if (tomb.size === 0) target.addList(postings, values, bit, open);
      else
        decodePostings(postings, (id, w) => {
          if ((tomb.get(id) ?? -1) <= segment) target.add(id, scale * weightValue(w), bit, open);
        });
    }
  }
  if (content.size === 0 && title.size === 0) return { matched: false };
  const topContent = content.top(CONTENT_CANDIDATES);
  const topPages = title.top(TITLE_CANDIDATES);
  return {
    matched: true,
    content,
    title,
    trackedIdf,
    topContent,
    topPages,
    ...pagesWorthReading(content, title, topContent, topPages, opts),
  };
}

/**
 * The top title pages whose chunks outside the first round's candidates could place in the top
 * `limit`. Such a chunk scores at most the first unread candidate's content score (or the last
 * candidate's, or 0 when every chunk with a content score is a candidate) plus titleWeight ×
 * its page's title score, and the limit-th best score is at least the limit-th candidate's
 * content score, a title only adding; rankRead checks this against the rows read. The same
 * bound keeps the first round enough when an unread candidate sits on an unread page. The other
 * pages are left unread: a top page is often a long article, a heap fetch per chunk.
 */
function pagesWorthReading(
  content: ScoreTable,
  title: ScoreTable,
  topContent: readonly number[],
  topPages: number[],
  opts: typeof DEFAULTS,
): { pages: number[]; skippedReach: number } {
  if (opts.exhaustive || topContent.length < opts.limit) return { pages: topPages, skippedReach: -Infinity };
  const floor = content.get(topContent[opts.limit - 1]!)!;
  const first = firstRead(opts.limit, topContent.length);
  const below =
    first < topContent.length
      ? content.get(topContent[first]!)!
      : topContent.length < CONTENT_CANDIDATES
        ? 0
        : content.get(topContent[topContent.length - 1]!)!;
  const reach = (page: number) => below + opts.titleWeight * (title.get(page) ?? 0);
  const pages = topPages.filter((page) => !(reach(page) < floor));
  const skipped = topPages.filter((page) => reach(page) < floor);
  lexicalCounters.pagesSkipped += skipped.length;
  return { pages, skippedReach: Math.max(-Infinity, ...skipped.map(reach)) };
}
