/**
 * Public data sets as eval items: KoBEST BoolQ (questions rewritten as statements) and
 * KLUE-NLI's Wikipedia-premise items. Only the set maker (scripts/make-eval-sets.ts) and the
 * benchmark read the raw files; the product reads the bundled JSONL they produce.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import type { EvalItem } from './items.js';

const HANGUL_BASE = 0xac00;
const JONG = { none: 0, n: 4, l: 8, b: 17, ss: 20 } as const;

const isSyllable = (ch: string) => ch >= '가' && ch <= '힣';
const jong = (ch: string) => (ch.charCodeAt(0) - HANGUL_BASE) % 28;
const withJong = (ch: string, j: number) => String.fromCharCode(ch.charCodeAt(0) - jong(ch) + j);

/** A verb stem in the plain present: 하 → 한다, 먹 → 먹는다, 있 / 했 → 있다 / 했다. */
function presentPlain(stem: string): string | null {
  const last = stem.at(-1);
  if (!last || !isSyllable(last)) return null;
  const head = stem.slice(0, -1);
  const j = jong(last);
  // Past, future and existence end in ㅆ or are 없: they take 다 as they are.
  if (j === JONG.ss || last === '없' || last === '겠') return `${stem}다`;
  if (j === JONG.none) return `${head}${withJong(last, JONG.n)}다`;
  if (j === JONG.l) return `${head}${withJong(last, JONG.n)}다`;
  return `${stem}는다`;
}

/** An adjective's modifier form before 가: 많은 → 많다, 큰 → 크다, 어려운 → 어렵다, 강한 → 강하다. */
function adjectivePlain(modifier: string): string | null {
  const last = modifier.at(-1);
  if (!last || !isSyllable(last)) return null;
  const head = modifier.slice(0, -1);
  if (last === '은' && head) return `${head}다`;
  if (last === '운' && head) {
    const prev = head.at(-1)!;
    return isSyllable(prev) && jong(prev) === JONG.none ? `${head.slice(0, -1)}${withJong(prev, JONG.b)}다` : null;
  }
  if (jong(last) === JONG.n) return `${head}${withJong(last, JONG.none)}다`;
  return null;
}

/**
 * A BoolQ yes/no question as the statement it asks about (its truth is the gold answer), or
 * null when its ending is not one we rewrite. Already-declarative items are kept as they are.
 *   봉룡은 숙정을 죽였는가? → 봉룡은 숙정을 죽였다.   수도는 서울인가요? → 수도는 서울이다.
 */
export function questionToStatement(question: string): string | null {
  let q = question
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/(\s*\.)+$/, '.');
  // Some questions lost their question mark.
  if (/(가|까|니|나요|까요)$/.test(q)) q = `${q}?`;
  if (/[다요]\.$/.test(q)) return q;
  if (!q.endsWith('?')) return /다$/.test(q) ? `${q}.` : null;
  const body = q.slice(0, -1).trimEnd();
  let m: RegExpExecArray | null;
  // Copula: …인가요 / …인가 / …입니까 / …인지요 → …이다.
  if ((m = /^(.+?)\s*(인가요|인가|인지요|입니까|이니)$/.exec(body))) return `${m[1]}이다.`;
  // Formal: …습니까 / …ㅂ니까 → …습니다 / …ㅂ니다.
  if ((m = /^(.+)니까$/.exec(body))) return `${m[1]}니다.`;
  // Conjecture: …있을까(요) → …있다.
  if ((m = /^(.+)을까요?$/.exec(body))) return `${m[1]}다.`;
  // Adjectives: …한가(요) → …하다; …은가 / …운가 / …ㄴ가 → the plain form.
  if ((m = /^(.+)한가요?$/.exec(body))) return `${m[1]}하다.`;
  // Verbs: …는가(요) / …나요 / …나 / …니 after the stem.
  if ((m = /^(.+?)(는가요|는가|나요|나|니)$/.exec(body))) {
    const stem = m[1]!;
    if (stem.endsWith('않')) return `${stem}는다.`;
    const plain = presentPlain(stem);
    return plain ? `${plain}.` : null;
  }
  if ((m = /^(.+)가요?$/.exec(body))) {
    const plain = adjectivePlain(m[1]!);
    return plain ? `${plain}.` : null;
  }
  return null;
}

export interface BoolqRow {
  id: string;
  text: string;
  question: string;
  answer: boolean;
}

/** KoBEST BoolQ's TSV: `ID, Text, Question, Answer` (True/False in any case). */
export function parseBoolqTsv(content: string, file: string): BoolqRow[] {
  const lines = content.split('\n').filter((l) => l.trim() !== '');
  const header = lines
    .shift()
    ?.split('\t')
    .map((h) => h.trim());
  if (header?.join(',') !== 'ID,Text,Question,Answer')
    throw new Error(`${file}: expected the header ID, Text, Question, Answer`);
  return lines.map((line, i) => {
    const cols = line.replace(/\r$/, '').split('\t');
    const answer = cols[3]?.trim().toLowerCase();
    if (cols.length !== 4 || (answer !== 'true' && answer !== 'false'))
      throw new Error(`${file}:${i + 2}: expected 4 columns ending in True or False`);
    return { id: cols[0]!.trim(), text: cols[1]!.trim(), question: cols[2]!.trim(), answer: answer === 'true' };
  });
}

/** BoolQ rows as eval items (the passage as the evidence); rows whose question we cannot rewrite are counted, not kept. */
export function boolqItems(rows: readonly BoolqRow[]): { items: EvalItem[]; skipped: string[] } {
  const items: EvalItem[] = [];
  const skipped: string[] = [];
  for (const row of rows) {
    const claim = questionToStatement(row.question);
    if (claim === null) skipped.push(row.question);
    else items.push({ id: `boolq-${row.id}`, claim, gold: row.answer ? 'TRUE' : 'FALSE', evidence: row.text });
  }
  return { items, skipped };
}

const NLI_GOLD: Record<string, EvalItem['gold']> = {
  entailment: 'TRUE',
  contradiction: 'FALSE',
  neutral: 'UNVERIFIED',
};

export interface KlueNliRow {
  guid: string;
  source: string;
  premise: string;
  hypothesis: string;
  gold_label: string;
}

/**
 * KLUE-NLI's Wikipedia-premise items (hypothesis → claim, premise → evidence), with their index
 * in the whole file: the rules were tuned on even indices, so odd ones are the held-out half.
 */
export function klueWikiItems(rows: readonly KlueNliRow[]): { item: EvalItem; index: number }[] {
  return rows.flatMap((r, index) => {
    const gold = NLI_GOLD[r.gold_label];
    if (r.source !== 'wikipedia' || !gold) return [];
    return [{ index, item: { id: r.guid, claim: r.hypothesis.trim(), gold, evidence: r.premise.trim() } }];
  });
}

export const BOOLQ_FILES = { train: 'boolq/kobest-boolq-train.tsv', dev: 'boolq/kobest-boolq-dev.tsv' } as const;
export const KLUE_NLI_DEV = 'nli/klue-nli-v1.1_dev.json';

function sharedFile(dir: string, relative: string): string {
  const file = path.join(dir, relative);
  if (!fs.existsSync(file))
    throw new UserError(
      `evaluation data not found: ${file} (the shared data directory; set OLALA_SHARED_DATA to point elsewhere)`,
    );
  return file;
}

/** KoBEST BoolQ from the shared data directory, as eval items. */
export function loadBoolq(
  dir: string,
  split: keyof typeof BOOLQ_FILES,
): { items: EvalItem[]; skipped: string[]; rows: number } {
  const file = sharedFile(dir, BOOLQ_FILES[split]);
  const rows = parseBoolqTsv(fs.readFileSync(file, 'utf8'), file);
  return { ...boolqItems(rows), rows: rows.length };
}

/** KLUE-NLI dev's Wikipedia-premise items from the shared data directory. */
export function loadKlueWiki(dir: string): { item: EvalItem; index: number }[] {
  const file = sharedFile(dir, KLUE_NLI_DEV);
  return klueWikiItems(JSON.parse(fs.readFileSync(file, 'utf8')) as KlueNliRow[]);
}

export const KORQUAD_DEV = 'korquad/KorQuAD_v1.0_dev.json';

interface KorquadJson {
  data: {
    title: string;
    paragraphs: { context: string; qas: { id: string; question: string; answers: { text: string }[] }[] }[];
  }[];
}

/** The kind of an answer a wrong one must share to be a plausible swap: a date, another number, or a name. */
const answerKind = (a: string) => (/\d/.test(a) ? (/\d\s*(년|월|일)/.test(a) ? 'date' : 'number') : 'name');
const WH_WORD =
  /\s*(무엇|누구|언제|어디|어느 곳|몇\s*\S*|얼마\S*|무슨\s*\S+|어떤\s*\S+|어느\s*\S+)(인가|이었나|였나|일까|입니까|인지|이었는가|였는가|이야)?$/;
/** Characters a claim or passage may not carry (eval/items.ts refuses them): a few KorQuAD contexts hold U+200E. */
const INVISIBLE = /(?![\n\t])[\p{Cc}\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\ufeff]/gu;

const COUNTRIES = ['대한민국', '일본', '중국', '미국', '영국', '프랑스', '독일', '러시아', '이탈리아', '스페인'];
const COUNT = /(?<![\d.,])(\d{1,3})(개|명|권|회|곳|종|개국|위|층|호|세|살|번째|대)(?![가-힣]?년)/;

/**
 * A true sentence made false each way that applies to it, as a fake would: a year moved by 3, a
 * count moved by 2, its copula or verb denied, another country (not one in the page's name `page`).
 * Keyed by the way. Mechanical: a year said twice, or a denial of an auxiliary, may not be false.
 */
export function falseSiblings(sentence: string, page: string): [string, string][] {
  const out: [string, string][] = [];
  const year = /(\d{3,4})년/.exec(sentence);
  if (year) {
    const y = Number(year[1]);
    out.push(['year', sentence.replace(year[0], `${y + 3 > 2022 ? y - 3 : y + 3}년`)]);
  }
  const count = COUNT.exec(sentence);
  if (count) out.push(['count', sentence.replace(count[0], `${Number(count[1]) + 2}${count[2]}`)]);
  const copula = /([가-힣])이다\.$/.exec(sentence);
  if (copula)
    out.push(['denied', sentence.replace(/이다\.$/, jong(copula[1]!) === JONG.none ? '가 아니다.' : '이 아니다.')]);
  else if (/(했|하였)다\.$/.test(sentence)) out.push(['denied', sentence.replace(/(했|하였)다\.$/, '하지 않았다.')]);
  else if (/한다\.$/.test(sentence)) out.push(['denied', sentence.replace(/한다\.$/, '하지 않는다.')]);
  else if (/(수|[가-힣][이가]) 있다\.$/.test(sentence)) out.push(['denied', sentence.replace(/있다\.$/, '없다.')]);
  const country = COUNTRIES.find((c) => sentence.includes(c) && !page.includes(c));
  if (country) {
    const other = COUNTRIES[(COUNTRIES.indexOf(country) + 3) % COUNTRIES.length]!;
    if (!sentence.includes(other)) out.push(['country', sentence.replace(country, other)]);
  }
  return out.filter(([, variant]) => variant !== sentence);
}

/**
 * A KorQuAD question restated with an answer: "…지명수배 된 날은?" + "1989년 2월 15일" →
 * "…지명수배 된 날은 1989년 2월 15일이다." Only questions that end in a topic (…은/는), bare or
 * before a question word, are restated; null for the others.
 */
export function answerStatement(question: string, answer: string): string | null {
  const q = question.trim().replace(/\s*\?$/, '');
  const wh = WH_WORD.exec(q);
  const stem = (wh ? q.slice(0, wh.index) : q).trim();
  if (!/[은는]$/.test(stem) || (!wh && !/[은는]$/.test(q))) return null;
  const last = answer.at(-1) ?? '';
  const vowel = isSyllable(last) && jong(last) === JONG.none;
  return `${stem} ${answer}${vowel ? '다' : '이다'}.`;
}

/**
 * KorQuAD 1.0 dev as true and false statements about their paragraph: each question restated
 * with its answer (TRUE) and, where the paragraph answers another question with an answer of the
 * same kind, with that one (FALSE) — a wrong value the passage itself names, the hardest kind of
 * false statement for word overlap. `article` is the article's index in the file (for halves).
 * KorQuAD is CC BY-ND: these statements are made in memory for measuring and never written out.
 */
export function korquadStatements(json: KorquadJson): { item: EvalItem; article: number }[] {
  const out: { item: EvalItem; article: number }[] = [];
  json.data.forEach((article, index) => {
    for (const p of article.paragraphs) {
      const evidence = p.context.replace(INVISIBLE, ' ');
      const answers = p.qas.map((qa) => qa.answers[0]?.text.trim() ?? '');
      for (const qa of p.qas) {
        const answer = qa.answers[0]?.text.trim() ?? '';
        const claim = answer && answer.length <= 30 ? answerStatement(qa.question, answer) : null;
        if (!claim) continue;
        out.push({ article: index, item: { id: qa.id, claim, gold: 'TRUE', evidence } });
        const swap = answers.find(
          (b) =>
            b !== '' &&
            b.length <= 30 &&
            answerKind(b) === answerKind(answer) &&
            !b.includes(answer) &&
            !answer.includes(b) &&
            !qa.question.includes(b),
        );
        const wrong = swap && answerStatement(qa.question, swap);
        if (wrong) out.push({ article: index, item: { id: `${qa.id}-swap`, claim: wrong, gold: 'FALSE', evidence } });
      }
    }
  });
  return out;
}

/** KorQuAD 1.0 dev from the shared data directory, as true and false statements (korquadStatements). */
export function loadKorquadStatements(dir: string): { item: EvalItem; article: number }[] {
  const file = sharedFile(dir, KORQUAD_DEV);
  return korquadStatements(JSON.parse(fs.readFileSync(file, 'utf8')) as KorquadJson);
}
