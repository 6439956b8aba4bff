/**
 * Evaluation sets and metrics shared by the retrieval benchmarks. Relevance is judged at page
 * level (see ../shared/reference/baselines.md): a search returns ranked chunks, each chunk
 * stands for its page, pages rank by their best chunk and repeat pages are dropped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '@olala/core';
import { sharedDataDir } from '@olala/testing';

export interface EvalQuery {
  id: string;
  query: string;
  /** Page ids (curid) judged relevant, restricted to pages present in the corpus. */
  relevant: Set<number>;
}

export interface Metrics {
  queries: number;
  r1: number;
  r10: number;
  r100: number;
  ndcg10: number;
}

export const DEFAULT_DATA_DIR = sharedDataDir();

/** The shared data directory, or a clear error naming what is missing. */
export function dataDir(dir = process.env.OLALA_SHARED_DATA ?? DEFAULT_DATA_DIR): string {
  for (const needed of ['kowiki', 'korquad/KorQuAD_v1.0_dev.json', 'miracl/topics.miracl-v1.0-ko-dev.tsv']) {
    if (!fs.existsSync(path.join(dir, needed))) {
      throw new UserError(
        `evaluation data not found: ${path.join(dir, needed)} (set OLALA_SHARED_DATA to the shared data directory)`,
      );
    }
  }
  return dir;
}

/** Articles renamed between KorQuAD (2018) and the 2022 dump, matched by hand (data README). */
export const KORQUAD_RENAMES: ReadonlyMap<string, string> = new Map([
  ['김정남 (조선민주주의인민공화국)', '김정남 (김정일의 아들)'],
  ['증강현실', '증강 현실'],
  ['천안함 침몰 사건', '천안함 피격 사건'],
  ['삼성 갤럭시 노트 5', '삼성 갤럭시 노트5'],
  ['핀 막 쿠월', '핀 막 쿨'],
  ['캐나다 태평양 철도', '캐나디안 퍼시픽 철도'],
  ['거국중립내각', '거국정부'],
  ['대모', '매부리바다거북'],
]);

export function normaliseKorquadTitle(title: string): string {
  const plain = title.replaceAll('__', ': ').replaceAll('_', ' ');
  return KORQUAD_RENAMES.get(plain) ?? plain;
}

interface KorquadFile {
  data: { title: string; paragraphs: { qas: { id: string; question: string }[] }[] }[];
}

export interface KorquadSets {
  /** Every question whose article is in the corpus, in file order (5,729 on the shared data). */
  all: EvalQuery[];
  /** Every 6th of `all` in file order, starting with the first. */
  subset: EvalQuery[];
  /** Questions dropped because their article is not in the corpus. */
  unmapped: number;
}

/**
 * KorQuAD 1.0 dev as a page-retrieval set: the question is the query and the article is the
 * one relevant page. `pageByTitle` maps corpus titles (as stored) to page ids.
 */
export function loadKorquad(pageByTitle: ReadonlyMap<string, number>, dir = dataDir()): KorquadSets {
  const file = path.join(dir, 'korquad/KorQuAD_v1.0_dev.json');
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as KorquadFile;
  const all: EvalQuery[] = [];
  let unmapped = 0;
  for (const article of json.data) {
    const pageId = pageByTitle.get(normaliseKorquadTitle(article.title));
    for (const paragraph of article.paragraphs) {
      for (const qa of paragraph.qas) {
        if (pageId === undefined) unmapped++;
        else all.push({ id: qa.id, query: qa.question, relevant: new Set([pageId]) });
      }
    }
  }
  return { all, subset: all.filter((_, i) => i % 6 === 0), unmapped };
}

/**
 * MIRACL-ko topics with relevance at page level: a page is relevant when any of its judged
 * passages has relevance 1. Queries left with no relevant page in the corpus are dropped.
 */
export function loadMiracl(pageIds: ReadonlySet<number>, split: 'dev' | 'train' = 'dev', dir = dataDir()): EvalQuery[] {
  const topicsFile = path.join(dir, `miracl/topics.miracl-v1.0-ko-${split}.tsv`);
  const qrelsFile = path.join(dir, `miracl/qrels.miracl-v1.0-ko-${split}.tsv`);
  const relevant = new Map<string, Set<number>>();
  fs.readFileSync(qrelsFile, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      const [qid, , docid, rel] = line.split('\t');
      const pageId = Number(docid?.split('#')[0]);
      if (!qid || !Number.isInteger(pageId) || (rel !== '0' && rel !== '1')) {
        throw new UserError(`${qrelsFile}:${i + 1}: expected "qid Q0 PAGEID#PASSAGE 0|1", got ${JSON.stringify(line)}`);
      }
      if (rel === '1' && pageIds.has(pageId)) {
        let set = relevant.get(qid);
        if (!set) relevant.set(qid, (set = new Set()));
        set.add(pageId);
      }
    });
  const queries: EvalQuery[] = [];
  fs.readFileSync(topicsFile, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      const tab = line.indexOf('\t');
      if (tab < 1)
        throw new UserError(`${topicsFile}:${i + 1}: expected "qid<TAB>question", got ${JSON.stringify(line)}`);
      const id = line.slice(0, tab);
      const rel = relevant.get(id);
      if (rel) queries.push({ id, query: line.slice(tab + 1), relevant: rel });
    });
  return queries;
}

/** Pages of ranked chunks: each page at the rank of its best chunk, repeats dropped. */
export function rankPages(chunkPages: Iterable<number>, limit = 100): number[] {
  const seen = new Set<number>();
  const pages: number[] = [];
  for (const page of chunkPages) {
    if (seen.has(page)) continue;
    seen.add(page);
    pages.push(page);
    if (pages.length >= limit) break;
  }
  return pages;
}

/** Share of the relevant pages found in the first k (hit rate when one page is relevant). */
export function recallAt(ranked: readonly number[], relevant: ReadonlySet<number>, k: number): number {
  if (relevant.size === 0) return 0;
  let found = 0;
  for (let i = 0; i < Math.min(k, ranked.length); i++) if (relevant.has(ranked[i] as number)) found++;
  return found / relevant.size;
}

/** nDCG@k with binary gains. */
export function ndcgAt(ranked: readonly number[], relevant: ReadonlySet<number>, k: number): number {
  let dcg = 0;
  for (let i = 0; i < Math.min(k, ranked.length); i++)
    if (relevant.has(ranked[i] as number)) dcg += 1 / Math.log2(i + 2);
  let ideal = 0;
  for (let i = 0; i < Math.min(k, relevant.size); i++) ideal += 1 / Math.log2(i + 2);
  return ideal === 0 ? 0 : dcg / ideal;
}

/** Mean metrics of `search` (ranked page ids, best first) over the queries. */
export function evaluate(queries: readonly EvalQuery[], search: (query: string) => readonly number[]): Metrics {
  const sum = { r1: 0, r10: 0, r100: 0, ndcg10: 0 };
  for (const q of queries) {
    const ranked = search(q.query);
    sum.r1 += recallAt(ranked, q.relevant, 1);
    sum.r10 += recallAt(ranked, q.relevant, 10);
    sum.r100 += recallAt(ranked, q.relevant, 100);
    sum.ndcg10 += ndcgAt(ranked, q.relevant, 10);
  }
  const n = Math.max(queries.length, 1);
  const round = (x: number) => Math.round((x / n) * 1000) / 1000;
  return {
    queries: queries.length,
    r1: round(sum.r1),
    r10: round(sum.r10),
    r100: round(sum.r100),
    ndcg10: round(sum.ndcg10),
  };
}
