import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';
import {
  assessEvidence,
  calibrateByKind,
  checkability,
  extractRelations,
  fold,
  lifespanOf,
  MIN_DECIDED_PRECISION,
  conflictLabel,
  splitSentences,
  type KindCalibration,
  type KindSample,
  type Relation,
} from '@olala/core/pipeline';
import { ROOT } from './cli.js';
import { convertedCorpus } from './kowiki-corpus.js';

/**
 * A tuning set for single-valued relations (수도, 설립자, 출생지, 국적, 저자, 위치, 최대 도시 …),
 * from the shared kowiki extract: every sentence the relation reader (rules/relations.ts) reads a
 * relation from becomes claims in the shapes users write ("X의 수도는 Y이다", "Y는 X의 수도이다";
 * "X는 Y에서 태어났다", "X는 Y에 위치한다", "X는 Y에서 개최되었다"; "X는 1879년에 태어났다" from a lead's life dates), true
 * with the page's value, false with the value of
 * the same relation of another owner (a city for a city: the relation fixes the value's type).
 * Each claim is checked against the chunks of its source page, of the owner's page and of the
 * claimed value's page (the pages a search for it finds first), as the pipeline's rules check
 * each piece of evidence. Halves by the owner's hash, so one owner's claims stay in one half.
 * Ordinals too (`ordinal`): a page's topic said to be "…의 제N대 Y" or "…의 N번째 Y" becomes "X는 …의
 * 제N대 Y이다", true as said and false with the next number (제N+1대: the same attribute, another value).
 */

export interface RelationClaim {
  claim: string;
  gold: 'TRUE' | 'FALSE';
  relation: string;
  owner: string;
  /** The value the claim gives; for a false claim, another owner's. */
  value: string;
  /** The value the source sentence states. */
  stated: string;
  sourceTitle: string;
  half: 'even' | 'odd';
  shape: 'owner-first' | 'value-first';
}

interface Page {
  title: string;
  chunks: string[];
}

interface Instance extends Relation {
  pageId: number;
  sentence: string;
}

/** Relation nouns and the starts of verbs the reader knows: only sentences with one are read. */
const CUE =
  /수도|설립자|창립자|창업자|창시자|출생지|고향|국적|저자|지은이|작가|작자|위치|최초|최대|최고|최장|최소|최다|첫|처음|태어|개최|열렸|열린|열리/;
/** Words the genitive owner may be that name nobody (그의 수도, 당시의 수도). */
const NO_OWNER =
  /^(그|이|저|그녀|그들|이들|당시|현재|이후|이전|자신|본인|그곳|이곳|최근|한때|나라|국가|도시|세계|지역)$/;
/** At most this many chunks of a page are read: a long page's later sections rarely restate a lead. */
const MAX_CHUNKS_PER_PAGE = 40;

const hash = (s: string): number => createHash('sha256').update(s).digest().readUInt32BE(0);

const hasFinal = (word: string): boolean => {
  const c = word.charCodeAt(word.length - 1);
  return c >= 0xac00 && c <= 0xd7a3 ? (c - 0xac00) % 28 !== 0 : /[0-9lmnr]$/i.test(word);
};
const topic = (w: string): string => `${w}${hasFinal(w) ? '은' : '는'}`;

const nameLike = (s: string, maxWords: number): boolean =>
  s.length >= 2 &&
  s.split(' ').length <= maxWords &&
  /^[가-힣A-Za-z][가-힣A-Za-z0-9 ·-]*$/.test(s) &&
  !NO_OWNER.test(s);

/** The claim in a user's shape; '' where the relation has no such shape. */
function claimText(relation: string, owner: string, value: string, shape: RelationClaim['shape']): string {
  if (relation === '위치') return shape === 'owner-first' ? `${topic(owner)} ${value}에 위치한다` : '';
  if (relation === '출생지' && shape === 'value-first') return `${topic(owner)} ${value}에서 태어났다`;
  if (relation === '개최지') return shape === 'value-first' ? `${topic(owner)} ${value}에서 개최되었다` : '';
  if (relation === '출생일') return shape === 'owner-first' ? `${topic(owner)} ${value}에 태어났다` : '';
  if (relation === '사망일') return shape === 'owner-first' ? `${topic(owner)} ${value}에 사망하였다` : '';
  return shape === 'owner-first'
    ? `${owner}의 ${topic(relation)} ${value}이다`
    : `${topic(value)} ${owner}의 ${relation}이다`;
}

const same = (a: string, b: string): boolean => {
  const [x, y] = [fold(a), fold(b)];
  return x.includes(y) || y.includes(x);
};

async function readCorpus(
  log: (m: string) => void,
): Promise<{ pages: Map<number, Page>; byTitle: Map<string, number> }> {
  const corpus = await convertedCorpus(
    ROOT,
    [path.join(process.env.OLALA_SHARED_DATA ?? path.join(ROOT, '../shared/data'), 'kowiki')],
    log,
  );
  const pages = new Map<number, Page>();
  const byTitle = new Map<string, number>();
  for await (const row of fs.createReadStream(corpus.pagesFile).pipe(parse({ columns: true }))) {
    const r = row as { page_id: string; title: string };
    pages.set(Number(r.page_id), { title: r.title, chunks: [] });
    byTitle.set(r.title, Number(r.page_id));
  }
  for await (const row of fs.createReadStream(corpus.chunksFile).pipe(parse({ columns: true }))) {
    const r = row as { page_id: string; content: string };
    pages.get(Number(r.page_id))?.chunks.push(r.content);
  }
  return { pages, byTitle };
}

/** "X(…)는 조선의 제4대 국왕이다", "X는 태양계의 4번째 행성이며": the topic, the owner's words and the ordinal. */
const ORDINAL_LEAD =
  /^(.+?)(?:\s?\([^)]*\))?(은|는)\s((?:[가-힣A-Za-z]+의\s)?)(제(\d+)대|(\d+)번째)\s([가-힣]+?)(?:\([^)]*\))?(이다|이며|이자|이고)/;

/** The ordinal claims' template ("조선의 제{n}대 국왕") and number from a sentence on its page's title, or null. */
function ordinalOf(sentence: string, title: string): { template: string; n: number } | null {
  const m = ORDINAL_LEAD.exec(sentence);
  if (!m || m[1] !== title) return null;
  const n = Number(m[5] ?? m[6]);
  const ordinal = m[5] !== undefined ? '제{n}대' : '{n}번째';
  return n >= 1 && n < 1000 ? { template: `${m[3]}${ordinal} ${m[7]}`, n } : null;
}

export interface RelationSet {
  claims: RelationClaim[];
  pages: Map<number, Page>;
  byTitle: Map<string, number>;
  /** Source page of each claim, by index in `claims`. */
  sourcePage: number[];
}

export async function buildRelationSet(log: (m: string) => void = () => {}): Promise<RelationSet> {
  const { pages, byTitle } = await readCorpus(log);
  const instances: Instance[] = [];
  for (const [pageId, page] of pages) {
    // A person's life dates from the lead's gloss (rules/lifespan.ts): the year born and died.
    const lead = page.chunks[0] === undefined ? null : splitSentences(page.chunks[0])[0];
    const life = lead ? lifespanOf(lead.text) : null;
    if (life && lead && nameLike(page.title, 3))
      for (const [relation, date] of [
        ['출생일', life.birth],
        ['사망일', life.death],
      ] as const)
        if (date && !date.bc)
          instances.push({
            relation,
            owner: page.title,
            value: `${date.year}년`,
            phrase: date.raw,
            pageId,
            sentence: lead.text,
          });
    for (const chunk of page.chunks.slice(0, MAX_CHUNKS_PER_PAGE)) {
      if (!CUE.test(chunk)) continue;
      for (const s of splitSentences(chunk)) {
        if (!CUE.test(s.text)) continue;
        for (const r of extractRelations(s.text, page.title))
          // A former value (…였다) is no claim in the present tense.
          if (!r.past && nameLike(r.owner, 3) && nameLike(r.value, 3) && !same(r.owner, r.value))
            instances.push({ ...r, pageId, sentence: s.text });
      }
    }
  }
  // Ordinals said of a page's topic in its first chunks.
  const ordinals: { owner: string; template: string; n: number; pageId: number }[] = [];
  for (const [pageId, page] of pages) {
    if (!nameLike(page.title, 4)) continue;
    for (const chunk of page.chunks.slice(0, 3)) {
      if (!/제\d+대|\d+번째/.test(chunk)) continue;
      for (const s of splitSentences(chunk)) {
        const o = ordinalOf(s.text, page.title);
        if (o) ordinals.push({ owner: page.title, ...o, pageId });
      }
    }
  }
  // One claim per (relation, owner, value): the first page that states it.
  const seen = new Set<string>();
  const unique = instances.filter((r) => {
    const key = `${r.relation}\u0000${r.owner}\u0000${r.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const valuesOf = new Map<string, string[]>();
  for (const r of unique) {
    const key = `${r.relation}\u0000${r.owner}`;
    valuesOf.set(key, [...(valuesOf.get(key) ?? []), r.value]);
  }
  const byRelation = new Map<string, Instance[]>();
  for (const r of unique) byRelation.set(r.relation, [...(byRelation.get(r.relation) ?? []), r]);
  const claims: RelationClaim[] = [];
  const sourcePage: number[] = [];
  for (const [relation, list] of byRelation) {
    // A relation stated by fewer than ten owners cannot lend a false value of its own type to many.
    if (new Set(list.map((r) => r.owner)).size < 10) continue;
    const shuffled = [...list].sort((a, b) => hash(a.owner + a.value) - hash(b.owner + b.value));
    shuffled.forEach((r, i) => {
      const known = valuesOf.get(`${relation}\u0000${r.owner}`) ?? [];
      // The next owner's value in the shuffled order that this owner is not known to have.
      let other: Instance | undefined;
      for (let k = 1; k < shuffled.length && !other; k++) {
        const o = shuffled[(i + k) % shuffled.length] as Instance;
        if (!same(o.owner, r.owner) && !known.some((v) => same(v, o.value)) && !same(o.value, r.owner)) other = o;
      }
      const half: RelationClaim['half'] = hash(`${relation}\u0000${r.owner}`) % 2 === 0 ? 'even' : 'odd';
      for (const shape of ['owner-first', 'value-first'] as const) {
        const base = {
          relation,
          owner: r.owner,
          stated: r.value,
          sourceTitle: pages.get(r.pageId)!.title,
          half,
          shape,
        };
        const t = claimText(relation, r.owner, r.value, shape);
        if (!t) continue;
        claims.push({ ...base, claim: t, gold: 'TRUE', value: r.value });
        sourcePage.push(r.pageId);
        if (other) {
          claims.push({
            ...base,
            claim: claimText(relation, r.owner, other.value, shape),
            gold: 'FALSE',
            value: other.value,
          });
          sourcePage.push(r.pageId);
        }
      }
    });
  }
  const ordinalSeen = new Set<string>();
  for (const o of ordinals) {
    const key = `${o.owner}\u0000${o.template}`;
    if (ordinalSeen.has(key)) continue;
    ordinalSeen.add(key);
    const half: RelationClaim['half'] = hash(`ordinal\u0000${o.owner}`) % 2 === 0 ? 'even' : 'odd';
    const said = (n: number) => `${topic(o.owner)} ${o.template.replace('{n}', String(n))}이다`;
    const base = {
      relation: 'ordinal',
      owner: o.owner,
      stated: String(o.n),
      sourceTitle: o.owner,
      half,
      shape: 'owner-first' as const,
    };
    claims.push({ ...base, claim: said(o.n), gold: 'TRUE', value: String(o.n) });
    claims.push({ ...base, claim: said(o.n + 1), gold: 'FALSE', value: String(o.n + 1) });
    sourcePage.push(o.pageId, o.pageId);
  }
  return { claims, pages, byTitle, sourcePage };
}

export interface ClaimFinding {
  label: 'TRUE' | 'FALSE';
  kind: string;
  bucket: string;
  quote: string;
  reasons: string[];
  title: string;
}

/** The rules' findings for a claim over its pages' chunks (source page, owner's page, value's page). */
export function relationFindings(set: RelationSet, i: number): ClaimFinding[] {
  const c = set.claims[i] as RelationClaim;
  if (!checkability(c.claim).checkable) return [];
  const ids = new Set([set.sourcePage[i] as number]);
  for (const t of [c.owner, c.value]) {
    const id = set.byTitle.get(t);
    if (id !== undefined) ids.add(id);
  }
  const out: ClaimFinding[] = [];
  for (const id of ids) {
    const page = set.pages.get(id) as Page;
    page.chunks.slice(0, MAX_CHUNKS_PER_PAGE).forEach((content, k) => {
      const f = assessEvidence(c.claim, { evid_id: `${id}:${k}`, content, title: page.title });
      if (f)
        out.push({
          label: f.stance === 'support' ? 'TRUE' : 'FALSE',
          kind: f.kind,
          bucket: f.bucket,
          quote: f.quote,
          reasons: f.reasons,
          title: page.title,
        });
    });
  }
  return out;
}

/** One sample per claim and (label, kind): the precision of a kind is of claims, not of chunks. */
export function claimSamples(claim: RelationClaim, findings: readonly ClaimFinding[]): KindSample[] {
  const seen = new Set<string>();
  const out: KindSample[] = [];
  for (const f of findings) {
    const key = `${f.label} ${f.kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ label: f.label, kind: f.kind, bucket: f.bucket, correct: f.label === claim.gold });
  }
  return out;
}

/**
 * The claim's label as the verdict would show it from these findings: both sides → as
 * conflictLabel reads them (verdict.ts does the same), else the side's best cell, decided at 0.9.
 */
export function decidedLabel(
  findings: readonly ClaimFinding[],
  table: KindCalibration,
): 'TRUE' | 'FALSE' | 'MIXED' | 'UNVERIFIED' {
  const sides = new Set(findings.map((f) => f.label));
  if (sides.size === 2) {
    const side = (label: string) => findings.filter((f) => f.label === label);
    return conflictLabel(table, side('TRUE'), side('FALSE'));
  }
  if (sides.size === 0) return 'UNVERIFIED';
  const label = findings[0]!.label;
  const best = Math.max(...findings.map((f) => calibrateByKind(table, f.label, f.kind, f.bucket) ?? 0));
  return best >= MIN_DECIDED_PRECISION ? label : 'UNVERIFIED';
}
