import type { Session } from '../db/types.js';
import type { PostingField } from './postings-builder.js';
import { titleTerms, tokenize } from './tokenizer.js';

/**
 * Documents tokenized to find a field's average length. Up to this many the average is exact;
 * beyond, every n-th document in id order is taken (on the kowiki corpus 8,138 of 89,509 chunks,
 * average 358.1 terms against 356.4 for all: a standard error of 1.5 terms). A fixed number,
 * so the tokenizing does not grow with the wiki.
 */
export const LENGTH_SAMPLE = 8192;

/**
 * The average length in terms of a field's documents (`SELECT id, text FROM <from>`, a table or
 * a subquery), the `avgdl` of every BM25 weight a build writes. Taken once per build from the
 * whole corpus rather than per segment: each segment's own average (the earlier way) made the
 * weights depend on where segments were cut, so changing the segment size moved MIRACL-ko
 * nDCG@10 by 0.004 with no change in the documents (bench/README.md). Documents without terms
 * do not count, as they get no postings. Undefined when no document has a term.
 */
export async function averageLength(
  s: Session,
  field: PostingField,
  from: string,
  /** Term counts of the sampled texts; the build has its workers count them (SegmentPool.lengths). */
  count: (field: PostingField, texts: string[]) => Promise<ArrayLike<number>> = countHere,
): Promise<number | undefined> {
  const { rows: counted } = await s.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${from} x`);
  const step = Math.ceil((counted[0]?.n ?? 0) / LENGTH_SAMPLE);
  if (step === 0) return undefined;
  // Numbered in the database: only the sampled documents' text comes to this thread.
  const { rows } = await s.query<{ text: string }>(
    `SELECT text FROM ${from} x WHERE id IN
       (SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) AS r FROM ${from} y) n WHERE (r - 1) % $1 = 0)`,
    [step],
  );
  const lengths = await count(
    field,
    rows.map((r) => r.text),
  );
  let documents = 0;
  let length = 0;
  for (let i = 0; i < lengths.length; i++) {
    const n = lengths[i]!;
    if (n === 0) continue;
    documents++;
    length += n;
  }
  return documents === 0 ? undefined : length / documents;
}

async function countHere(field: PostingField, texts: string[]): Promise<number[]> {
  const terms = field === 'c' ? tokenize : titleTerms;
  return texts.map((text) => terms(text).length);
}
