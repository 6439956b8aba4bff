/**
 * Tokenizer quality in isolation: an in-memory BM25 over the shared kowiki corpus, once with
 * the reference tokenization from baselines.md (whole words + Hangul bigrams, title counted
 * twice) and once with our tokenizer (title as its own field plus whole-title entity terms),
 * scored on KorQuAD and MIRACL-ko dev at page level. Prints JSON.
 *
 *   npx tsx bench/tokenizer-quality.ts [--quick] [--sweep] [--no-reference] [--misses]
 *
 * --quick evaluates only the KorQuAD subset and MIRACL; --sweep also tries other weights;
 * --no-reference skips the reference BM25; --misses logs the KorQuAD subset misses of ours.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '@olala/core';
import { isBigram, isTitleTerm, titleTerms, tokenize } from '@olala/core/search';
import { benchArgs, runBench } from './lib/cli.js';
import { dataDir, evaluate, loadKorquad, loadMiracl, type EvalQuery, type Metrics } from './lib/retrieval-eval.js';

const CHUNK_CHARS = 800;
const STUB_CHARS = 20;
const K1 = 1.2;
const B = 0.75;

interface Page {
  id: number;
  title: string;
  firstChunk: number;
  chunkCount: number;
}

interface Corpus {
  pages: Page[];
  /** Chunk texts and the index into `pages` of each chunk's page. */
  chunks: string[];
  chunkPage: Int32Array;
  chars: number;
}

// ---------------------------------------------------------------------------------------
// Corpus: WikiExtractor <doc> blocks → paragraph-packed chunks of at most 800 characters.

function splitLong(paragraph: string): string[] {
  const parts: string[] = [];
  let rest = paragraph;
  while (rest.length > CHUNK_CHARS) {
    // Prefer a sentence end, then a space, so a hard cut is the last resort.
    const window = rest.slice(0, CHUNK_CHARS);
    let cut = Math.max(window.lastIndexOf('. '), window.lastIndexOf('다. '));
    if (cut < CHUNK_CHARS / 2) cut = window.lastIndexOf(' ');
    cut = cut < CHUNK_CHARS / 2 ? CHUNK_CHARS : cut + 1;
    parts.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) parts.push(rest);
  return parts;
}

function packChunks(paragraphs: string[]): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const para of paragraphs.flatMap(splitLong)) {
    if (current && current.length + 1 + para.length > CHUNK_CHARS) {
      chunks.push(current);
      current = '';
    }
    current = current ? `${current}\n${para}` : para;
  }
  if (current) chunks.push(current);
  return chunks;
}

function loadCorpus(dir: string): Corpus {
  const root = path.join(dir, 'kowiki');
  const files = [
    ...fs
      .readdirSync(path.join(root, 'AA'))
      .sort()
      .map((f) => path.join(root, 'AA', f)),
    path.join(root, 'extra', 'eval_pages'),
  ];
  const pages: Page[] = [];
  const chunks: string[] = [];
  const chunkPage: number[] = [];
  let chars = 0;
  const header = /^<doc id="(\d+)" url="[^"]*" title="([^"]*)">$/;
  for (const file of files) {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      const m = header.exec(lines[i] as string);
      if (!m) continue;
      const body: string[] = [];
      // Line i+1 repeats the title; the text runs to </doc>.
      let j = i + 2;
      for (; j < lines.length && lines[j] !== '</doc>'; j++) {
        const line = (lines[j] as string).trim();
        if (line) body.push(line);
      }
      if (j >= lines.length) throw new UserError(`${file}:${i + 1}: <doc> without </doc>`);
      i = j;
      if (body.join('\n').length < STUB_CHARS) continue;
      const packed = packChunks(body);
      pages.push({
        id: Number(m[1]),
        title: unescapeXml(m[2] as string),
        firstChunk: chunks.length,
        chunkCount: packed.length,
      });
      for (const c of packed) {
        chunks.push(c);
        chunkPage.push(pages.length - 1);
        chars += c.length;
      }
    }
  }
  return { pages, chunks, chunkPage: Int32Array.from(chunkPage), chars };
}

function unescapeXml(s: string): string {
  return s.replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

// ---------------------------------------------------------------------------------------
// A compact BM25 index: term ids, document frequencies and postings in flat typed arrays.

class Index {
  readonly termId = new Map<string, number>();
  df: Int32Array = new Int32Array(1 << 16);
  docLen: Float64Array;
  avgLen = 0;
  postStart = new Int32Array(0);
  postDoc = new Int32Array(0);
  postTf = new Float32Array(0);
  totalTerms = 0;

  constructor(
    readonly docs: number,
    termsOf: (doc: number) => readonly string[],
  ) {
    this.docLen = new Float64Array(docs);
    // Pass 1: per-document unique terms with their counts, and document frequencies.
    const docStart = new Int32Array(docs + 1);
    let ids = new Int32Array(1 << 20);
    let tfs = new Float32Array(1 << 20);
    let used = 0;
    // seenIn[id] - 1 is the last document that used the term, slot[id] its place in `ids`.
    let seenIn = new Int32Array(1 << 16);
    let slot = new Int32Array(1 << 16);
    for (let d = 0; d < docs; d++) {
      const terms = termsOf(d);
      this.totalTerms += terms.length;
      this.docLen[d] = terms.length;
      if (used + terms.length > ids.length) {
        const grow = Math.max(ids.length * 2, used + terms.length);
        ids = grow32(ids, grow);
        tfs = growF(tfs, grow);
      }
      for (const t of terms) {
        const id = this.intern(t);
        if (id >= seenIn.length) {
          seenIn = grow32(seenIn, seenIn.length * 2);
          slot = grow32(slot, slot.length * 2);
        }
        if (seenIn[id] !== d + 1) {
          seenIn[id] = d + 1;
          slot[id] = used;
          ids[used] = id;
          tfs[used++] = 1;
          this.df[id] = (this.df[id] as number) + 1;
        } else {
          const at = slot[id] as number;
          tfs[at] = (tfs[at] as number) + 1;
        }
      }
      docStart[d + 1] = used;
    }
    let total = 0;
    for (let d = 0; d < docs; d++) total += this.docLen[d] as number;
    this.avgLen = total / Math.max(docs, 1);
    // Pass 2: postings grouped by term (CSR layout).
    const terms = this.termId.size;
    this.postStart = new Int32Array(terms + 1);
    for (let t = 0; t < terms; t++) this.postStart[t + 1] = (this.postStart[t] as number) + (this.df[t] as number);
    this.postDoc = new Int32Array(used);
    this.postTf = new Float32Array(used);
    const fill = this.postStart.slice(0, terms);
    for (let d = 0; d < docs; d++) {
      for (let k = docStart[d] as number; k < (docStart[d + 1] as number); k++) {
        const t = ids[k] as number;
        const at = fill[t] as number;
        this.postDoc[at] = d;
        this.postTf[at] = tfs[k] as number;
        fill[t] = at + 1;
      }
    }
  }

  private intern(term: string): number {
    let id = this.termId.get(term);
    if (id === undefined) {
      id = this.termId.size;
      this.termId.set(term, id);
      if (id >= this.df.length) this.df = grow32(this.df, this.df.length * 2);
    }
    return id;
  }

  /** Adds weight × BM25 of each query term into `scores`, noting documents touched. */
  score(terms: ReadonlyMap<string, number>, scores: Float64Array, touched: number[]): void {
    const n = this.docs;
    for (const [term, weight] of terms) {
      const t = this.termId.get(term);
      if (t === undefined || weight === 0) continue;
      const df = this.df[t] as number;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      for (let k = this.postStart[t] as number; k < (this.postStart[t + 1] as number); k++) {
        const d = this.postDoc[k] as number;
        const tf = this.postTf[k] as number;
        const norm = K1 * (1 - B + (B * (this.docLen[d] as number)) / this.avgLen);
        if (scores[d] === 0) touched.push(d);
        scores[d] = (scores[d] as number) + (weight * idf * tf * (K1 + 1)) / (tf + norm);
      }
    }
  }
}

function grow32(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}
function growF(a: Float32Array, size: number): Float32Array<ArrayBuffer> {
  const b = new Float32Array(size);
  b.set(a);
  return b;
}

// ---------------------------------------------------------------------------------------
// The reference tokenization from baselines.md.

const REF_WORD = /[\p{L}\p{N}]+/gu;
function referenceTokens(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(REF_WORD)) {
    const w = m[0];
    out.push(w);
    for (const run of w.match(/[\uac00-\ud7a3]+/g) ?? []) {
      for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Searchers. Each returns ranked page indexes (into corpus.pages); evaluation maps to ids.

type Searcher = (query: string) => number[];

/** Pages ranked by their best chunk score plus an optional per-page (title field) score. */
function rankByBestChunk(
  corpus: Corpus,
  chunkScores: Float64Array,
  touched: number[],
  pageBonus?: Map<number, number>,
): number[] {
  const best = new Map<number, number>();
  for (const c of touched) {
    const p = corpus.chunkPage[c] as number;
    const s = chunkScores[c] as number;
    if (s > (best.get(p) ?? -Infinity)) best.set(p, s);
    chunkScores[c] = 0;
  }
  touched.length = 0;
  if (pageBonus) for (const [p, bonus] of pageBonus) best.set(p, (best.get(p) ?? 0) + bonus);
  return [...best.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 100)
    .map(([p]) => p);
}

function countTerms(terms: readonly string[], weightOf: (t: string) => number): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of terms) m.set(t, (m.get(t) ?? 0) + weightOf(t));
  return m;
}

function referenceSearcher(corpus: Corpus): { search: Searcher; index: Index } {
  const titleTokens = corpus.pages.map((p) => referenceTokens(p.title));
  const index = new Index(corpus.chunks.length, (c) => {
    const t = titleTokens[corpus.chunkPage[c] as number] as string[];
    return [...t, ...t, ...referenceTokens(corpus.chunks[c] as string)];
  });
  const scores = new Float64Array(corpus.chunks.length);
  const touched: number[] = [];
  return {
    index,
    search: (q) => {
      index.score(
        countTerms(referenceTokens(q), () => 1),
        scores,
        touched,
      );
      return rankByBestChunk(corpus, scores, touched);
    },
  };
}

interface Weights {
  word: number;
  bigram: number;
  /** Weight of the title field (page-level BM25 over title words and bigrams). */
  title: number;
  /** Weight of a whole-title match (=…): an idf-scaled bonus, one per page. */
  entity: number;
}

function oursSearcher(corpus: Corpus) {
  const content = new Index(corpus.chunks.length, (c) => tokenize(corpus.chunks[c] as string));
  const titles = new Index(corpus.pages.length, (p) => titleTerms(corpus.pages[p]?.title as string));
  const scores = new Float64Array(corpus.chunks.length);
  const pageScores = new Float64Array(corpus.pages.length);
  const touched: number[] = [];
  const pageTouched: number[] = [];
  const search = (q: string, w: Weights): number[] => {
    const terms = tokenize(q, { kind: 'query' });
    const weightOf = (t: string) => (isTitleTerm(t) ? 0 : isBigram(t) ? w.bigram : w.word);
    content.score(countTerms(terms, weightOf), scores, touched);
    const titleWeight = (t: string) =>
      isTitleTerm(t) ? w.entity : isBigram(t) ? w.bigram * w.title : w.word * w.title;
    // Entity terms are counted once: a query that names the page twice is no more exact.
    const titleQuery = countTerms(terms, titleWeight);
    for (const t of titleQuery.keys()) if (isTitleTerm(t)) titleQuery.set(t, w.entity);
    titles.score(titleQuery, pageScores, pageTouched);
    const bonus = new Map<number, number>();
    for (const p of pageTouched) {
      bonus.set(p, pageScores[p] as number);
      pageScores[p] = 0;
    }
    pageTouched.length = 0;
    return rankByBestChunk(corpus, scores, touched, bonus);
  };
  return { content, titles, search };
}

// ---------------------------------------------------------------------------------------

const USAGE = 'usage: npx tsx bench/tokenizer-quality.ts [--quick] [--sweep] [--no-reference] [--misses] (prints JSON)';

function main(): void {
  const flag = { type: 'boolean', default: false } as const;
  const args = benchArgs({ quick: flag, sweep: flag, 'no-reference': flag, misses: flag });
  const quick = args.quick;
  const dir = dataDir();
  const log = (msg: string) => process.stderr.write(`[tokenizer-quality] ${msg}\n`);

  let t0 = performance.now();
  const corpus = loadCorpus(dir);
  log(`corpus: ${corpus.pages.length} pages, ${corpus.chunks.length} chunks, ${corpus.chars} chars in ${ms(t0)} ms`);

  const pageByTitle = new Map<string, number>();
  const pageIndexById = new Map<number, number>();
  corpus.pages.forEach((p, i) => {
    if (!pageByTitle.has(p.title)) pageByTitle.set(p.title, p.id);
    pageIndexById.set(p.id, i);
  });
  const korquad = loadKorquad(pageByTitle, dir);
  const miracl = loadMiracl(new Set(pageIndexById.keys()), 'dev', dir);
  log(
    `korquad: ${korquad.all.length} questions (${korquad.subset.length} in the every-6th subset, ${korquad.unmapped} unmapped); miracl dev: ${miracl.length}`,
  );

  const toIds = (ranked: number[]) => ranked.map((p) => corpus.pages[p]?.id as number);
  const run = (name: string, search: Searcher) => {
    const t = performance.now();
    const sets: Record<string, EvalQuery[]> = { korquad: korquad.subset, miracl };
    if (!quick) sets.korquad_all = korquad.all;
    const m: Record<string, Metrics> = {};
    let n = 0;
    for (const [set, queries] of Object.entries(sets)) {
      m[set] = evaluate(queries, (q) => toIds(search(q)));
      n += queries.length;
    }
    const row = {
      method: name,
      korquad_r1: m.korquad?.r1,
      korquad_r10: m.korquad?.r10,
      korquad_all_r1: m.korquad_all?.r1,
      korquad_all_r10: m.korquad_all?.r10,
      miracl_ndcg10: m.miracl?.ndcg10,
      miracl_r10: m.miracl?.r10,
      miracl_r100: m.miracl?.r100,
      ms_per_query: Math.round(((performance.now() - t) / n) * 10) / 10,
    };
    log(JSON.stringify(row));
    return row;
  };

  const results: object[] = [];
  if (!args['no-reference']) {
    t0 = performance.now();
    const ref = referenceSearcher(corpus);
    log(`reference index: ${ref.index.termId.size} terms in ${ms(t0)} ms`);
    results.push({ ...run('reference: bm25 words+bigrams, title x2', ref.search), ...indexStats(ref.index) });
  }

  // Tokenizer speed, measured alone over the whole corpus.
  // CPU time rather than wall time: the machine is shared and wall time swings widely.
  const cpu0 = process.cpuUsage();
  let produced = 0;
  for (const c of corpus.chunks) produced += tokenize(c).length;
  const cpu = process.cpuUsage(cpu0);
  const secs = (cpu.user + cpu.system) / 1e6;
  const speed = {
    chars_per_s: Math.round(corpus.chars / secs),
    utf8_mb_per_s: Math.round((Buffer.byteLength(corpus.chunks.join('')) / 1e6 / secs) * 10) / 10,
    terms: produced,
  };
  log(`tokenizer: ${JSON.stringify(speed)}`);

  t0 = performance.now();
  const ours = oursSearcher(corpus);
  log(`our index: ${ours.content.termId.size} content terms, ${ours.titles.termId.size} title terms in ${ms(t0)} ms`);
  const queryTerms = [...korquad.subset, ...miracl].map((q) => tokenize(q.query, { kind: 'query' }));
  const stats = {
    ...indexStats(ours.content),
    query_terms_mean: mean(queryTerms.map((t) => t.length)),
    query_terms_without_title_candidates: mean(queryTerms.map((t) => t.filter((x) => !isTitleTerm(x)).length)),
    tokenizer: speed,
  };
  const best: Weights = { word: 1, bigram: 0.7, title: 0.2, entity: 0.2 };
  results.push({ ...run(`olala tokenizer ${JSON.stringify(best)}`, (q) => ours.search(q, best)), ...stats });
  if (args.misses) {
    // KorQuAD subset questions whose page is not in the top 10, to see what the tokenizer misses.
    for (const q of korquad.subset) {
      const ranked = toIds(ours.search(q.query, best));
      const want = [...q.relevant][0] as number;
      if (ranked.slice(0, 10).includes(want)) continue;
      const title = (id: number | undefined) => corpus.pages[pageIndexById.get(id ?? -1) ?? -1]?.title;
      log(
        `miss: ${q.query} | want ${title(want)} (rank ${ranked.indexOf(want) + 1 || '>100'}) | got ${ranked.slice(0, 3).map(title).join(' / ')}`,
      );
    }
  }

  if (args.sweep) {
    const variants: Weights[] = [
      { word: 1, bigram: 1, title: 0, entity: 0 },
      { word: 1, bigram: 0.7, title: 0, entity: 0 },
      { word: 1, bigram: 0.7, title: 0.2, entity: 0 },
      { word: 1, bigram: 0.7, title: 0, entity: 0.2 },
      { word: 1, bigram: 1, title: 0.2, entity: 0.2 },
      { word: 1, bigram: 0.5, title: 0.2, entity: 0.2 },
      { word: 1, bigram: 0.7, title: 0.3, entity: 0.3 },
      { word: 1, bigram: 0.7, title: 1, entity: 1 },
    ];
    for (const w of variants) results.push(run(`olala tokenizer ${JSON.stringify(w)}`, (q) => ours.search(q, w)));
    // The reference's way of using titles, with our terms: title terms counted twice in every chunk.
    const pageTitleTerms = corpus.pages.map((p) => titleTerms(p.title));
    const oneField = new Index(corpus.chunks.length, (c) => {
      const t = pageTitleTerms[corpus.chunkPage[c] as number] as string[];
      return [...t, ...t, ...tokenize(corpus.chunks[c] as string)];
    });
    const scores = new Float64Array(corpus.chunks.length);
    const touched: number[] = [];
    for (const bigram of [1, 0.7]) {
      results.push(
        run(`olala tokenizer, title x2 in chunk, bigram ${bigram}`, (q) => {
          oneField.score(
            countTerms(tokenize(q, { kind: 'query' }), (t) => (isBigram(t) ? bigram : 1)),
            scores,
            touched,
          );
          return rankByBestChunk(corpus, scores, touched);
        }),
      );
    }
  }
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}

function indexStats(index: Index) {
  return {
    terms_per_chunk_mean: Math.round(index.totalTerms / index.docs),
    distinct_terms_per_chunk_mean: Math.round(index.postDoc.length / index.docs),
    distinct_terms: index.termId.size,
  };
}

function mean(xs: number[]): number {
  return Math.round((xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1)) * 10) / 10;
}

function ms(t0: number): number {
  return Math.round(performance.now() - t0);
}

await runBench(main, USAGE);
