/**
 * The no-LLM verifier on KLUE-NLI dev: the hypothesis is the claim, the premise the only
 * evidence. Gold entailment → TRUE, contradiction → FALSE, neutral → UNVERIFIED; a finding
 * of support → TRUE, refute → FALSE, none → UNVERIFIED, and a claim refused by the
 * checkability guard counts as UNVERIFIED (and is counted separately).
 * Also the checkability guard's refusal rates on factual statements and on questions.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '@olala/core';
import { sharedDataDir } from '@olala/testing/shared-data';
import {
  assessEvidence,
  calibrateByKind,
  checkability,
  MIN_DECIDED_PRECISION,
  type KindCalibration,
  type RefusalReason,
  splitSentences,
} from '@olala/core/pipeline';

export const KLUE_NLI_FILE = 'nli/klue-nli-v1.1_dev.json';
export const KORQUAD_FILE = 'korquad/KorQuAD_v1.0_dev.json';
/** KorNLI's XNLI dev split: everyday sentences, where KLUE's Wikipedia premises are encyclopedia text. */
export const KORNLI_DEV_FILE = 'nli/kornli-xnli-dev.ko.tsv';

export type Label = 'TRUE' | 'FALSE' | 'UNVERIFIED';
const LABELS: readonly Label[] = ['TRUE', 'FALSE', 'UNVERIFIED'];
const GOLD: Record<string, Label> = { entailment: 'TRUE', contradiction: 'FALSE', neutral: 'UNVERIFIED' };

export interface NliItem {
  guid: string;
  source: string;
  premise: string;
  hypothesis: string;
  gold: Label;
}

function dataFile(relative: string, dir: string): string {
  const file = path.join(dir, relative);
  if (!fs.existsSync(file)) {
    throw new UserError(`evaluation data not found: ${file} (set OLALA_SHARED_DATA to the shared data directory)`);
  }
  return file;
}

export function loadKlueNli(dir = sharedDataDir()): NliItem[] {
  const file = dataFile(KLUE_NLI_FILE, dir);
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    guid: string;
    source: string;
    premise: string;
    hypothesis: string;
    gold_label: string;
  }[];
  return raw.map((r, i) => {
    const gold = GOLD[r.gold_label];
    if (!gold)
      throw new UserError(`${file}: item ${i} (${r.guid}) has an unknown gold_label ${JSON.stringify(r.gold_label)}`);
    return { guid: r.guid, source: r.source, premise: r.premise, hypothesis: r.hypothesis, gold };
  });
}

/**
 * KorNLI TSV (header `sentence1, sentence2, gold_label`) as NLI items: sentence1 is the premise
 * (the only evidence, as KLUE's premises are), sentence2 the claim. Every item has source
 * `kornli`; its index in the file decides its half, as for KLUE (even tunes, odd is held out).
 */
export function parseKornliTsv(text: string, file: string): NliItem[] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const header = lines.shift()?.replace(/\r$/, '');
  if (header !== 'sentence1\tsentence2\tgold_label')
    throw new UserError(`${file}: expected the header sentence1, sentence2, gold_label, got ${JSON.stringify(header)}`);
  return lines.map((line, i) => {
    const cols = line.replace(/\r$/, '').split('\t');
    const gold = cols.length === 3 ? GOLD[cols[2]!.trim()] : undefined;
    if (!gold)
      throw new UserError(`${file}:${i + 2}: expected 3 columns ending in entailment, neutral or contradiction`);
    return { guid: `kornli-dev-${i}`, source: 'kornli', premise: cols[0]!.trim(), hypothesis: cols[1]!.trim(), gold };
  });
}

export function loadKornli(dir = sharedDataDir()): NliItem[] {
  const file = dataFile(KORNLI_DEV_FILE, dir);
  return parseKornliTsv(fs.readFileSync(file, 'utf8'), file);
}

/** The items of one half by their index in the whole file: even tunes, odd is held out. */
export function half<T>(items: readonly T[], which: 'even' | 'odd'): T[] {
  const parity = which === 'odd' ? 1 : 0;
  return items.filter((_, i) => i % 2 === parity);
}

export interface Prediction {
  label: Label;
  refused: RefusalReason | null;
  /** The kind and coverage bucket of the finding behind a TRUE or FALSE. */
  kind?: string;
  bucket?: string;
}

export function predict(item: Pick<NliItem, 'premise' | 'hypothesis'>): Prediction {
  const check = checkability(item.hypothesis);
  if (!check.checkable) return { label: 'UNVERIFIED', refused: check.reason };
  const finding = assessEvidence(item.hypothesis, { evid_id: 'premise', content: item.premise });
  if (finding === null) return { label: 'UNVERIFIED', refused: null };
  return {
    label: finding.stance === 'support' ? 'TRUE' : 'FALSE',
    refused: null,
    kind: finding.kind,
    bucket: finding.bucket,
  };
}

/** The label as verdict.ts shows it: withheld (UNVERIFIED) when the table rates its kind under 0.9. */
export function asDecided(p: Prediction, table: KindCalibration): Prediction {
  if (p.label === 'UNVERIFIED' || p.kind === undefined) return p;
  const precision = calibrateByKind(table, p.label, p.kind, p.bucket) ?? 0;
  return precision >= MIN_DECIDED_PRECISION ? p : { label: 'UNVERIFIED', refused: null };
}

/** Precision of TRUE and FALSE answers and how many were given, from a confusion table. */
export function saidFigures(f: NliFigures) {
  const c = f.confusion;
  const said = (l: 'TRUE' | 'FALSE') => c.TRUE[l] + c.FALSE[l] + c.UNVERIFIED[l];
  const precision = (l: 'TRUE' | 'FALSE') => (said(l) ? round(c[l][l] / said(l)) : null);
  return {
    true_said: said('TRUE'),
    true_precision: precision('TRUE'),
    false_said: said('FALSE'),
    false_precision: precision('FALSE'),
    decided_right: round(f.n ? (c.TRUE.TRUE + c.FALSE.FALSE) / f.n : 0),
  };
}

export interface NliFigures {
  n: number;
  accuracy: number;
  macro_f1: number;
  majority_accuracy: number;
  majority_macro_f1: number;
  /** Contradictions judged TRUE, over all contradictions. */
  unsafe_rate: number;
  /** Hypotheses refused by the checkability guard (scored as UNVERIFIED). */
  refused: number;
  /** confusion[gold][predicted] */
  confusion: Record<Label, Record<Label, number>>;
}

function macroF1(confusion: Record<Label, Record<Label, number>>): number {
  let sum = 0;
  for (const label of LABELS) {
    const tp = confusion[label][label];
    const predicted = LABELS.reduce((s, g) => s + confusion[g][label], 0);
    const actual = LABELS.reduce((s, p) => s + confusion[label][p], 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = actual ? tp / actual : 0;
    sum += precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  }
  return sum / LABELS.length;
}

function emptyConfusion(): Record<Label, Record<Label, number>> {
  return {
    TRUE: { TRUE: 0, FALSE: 0, UNVERIFIED: 0 },
    FALSE: { TRUE: 0, FALSE: 0, UNVERIFIED: 0 },
    UNVERIFIED: { TRUE: 0, FALSE: 0, UNVERIFIED: 0 },
  };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** Scores predictions against gold labels, with the majority-class baseline on the same items. */
export function score(items: readonly NliItem[], predictions: readonly Prediction[]): NliFigures {
  const confusion = emptyConfusion();
  const majorityConfusion = emptyConfusion();
  const counts: Record<Label, number> = { TRUE: 0, FALSE: 0, UNVERIFIED: 0 };
  for (const item of items) counts[item.gold]++;
  const majority = LABELS.reduce((best, l) => (counts[l] > counts[best] ? l : best), LABELS[0] as Label);
  let correct = 0;
  let refused = 0;
  items.forEach((item, i) => {
    const p = predictions[i] as Prediction;
    confusion[item.gold][p.label]++;
    majorityConfusion[item.gold][majority]++;
    if (p.label === item.gold) correct++;
    if (p.refused) refused++;
  });
  const n = items.length;
  return {
    n,
    accuracy: round(n ? correct / n : 0),
    macro_f1: round(macroF1(confusion)),
    majority_accuracy: round(n ? counts[majority] / n : 0),
    majority_macro_f1: round(macroF1(majorityConfusion)),
    unsafe_rate: round(counts.FALSE ? confusion.FALSE.TRUE / counts.FALSE : 0),
    refused,
    confusion,
  };
}

export interface NliReport {
  wiki: NliFigures;
  all: NliFigures;
  /** The rules were tuned on even item indices; odd ones are the held-out half. */
  wiki_even: NliFigures;
  wiki_odd: NliFigures;
  all_even: NliFigures;
  all_odd: NliFigures;
  ms_per_item: number;
}

export function evaluateNli(items: readonly NliItem[]): NliReport {
  const started = performance.now();
  const predictions = items.map(predict);
  const ms = performance.now() - started;
  const pick = (keep: (item: NliItem, i: number) => boolean): NliFigures => {
    const idx = items.map((item, i) => (keep(item, i) ? i : -1)).filter((i) => i >= 0);
    return score(
      idx.map((i) => items[i] as NliItem),
      idx.map((i) => predictions[i] as Prediction),
    );
  };
  const wiki = (item: NliItem): boolean => item.source === 'wikipedia';
  return {
    wiki: pick(wiki),
    all: pick(() => true),
    wiki_even: pick((item, i) => wiki(item) && i % 2 === 0),
    wiki_odd: pick((item, i) => wiki(item) && i % 2 === 1),
    all_even: pick((_, i) => i % 2 === 0),
    all_odd: pick((_, i) => i % 2 === 1),
    ms_per_item: Math.round((ms / Math.max(1, items.length)) * 1000) / 1000,
  };
}

/** The NLI targets of issue 4, checked on one set of figures; returns what is missed. */
export function missedTargets(f: NliFigures, name: string): string[] {
  const missed: string[] = [];
  if (f.unsafe_rate > 0.05) missed.push(`${name}: unsafe rate ${f.unsafe_rate} > 0.05`);
  if (f.macro_f1 < f.majority_macro_f1 + 0.15)
    missed.push(`${name}: macro-F1 ${f.macro_f1} < majority ${f.majority_macro_f1} + 0.15`);
  return missed;
}

export interface CheckabilityFigures {
  /** Refused share of KLUE-NLI hypotheses whose premise is encyclopedia, news or policy text. */
  klue_factual_refusal_rate: number;
  klue_factual_n: number;
  /** Refused share of hypotheses written about movie and lodging reviews (opinions are expected). */
  klue_review_refusal_rate: number;
  /** Refused share of KorQuAD context sentences that hold an answer: encyclopedia statements. */
  korquad_statement_refusal_rate: number;
  korquad_statement_n: number;
  /** Share of KorQuAD questions refused as questions. */
  korquad_question_refusal_rate: number;
  korquad_question_n: number;
  refusal_reasons: Record<string, number>;
}

interface Korquad {
  data: { paragraphs: { context: string; qas: { question: string; answers: { answer_start: number }[] }[] }[] }[];
}

export function evaluateCheckability(items: readonly NliItem[], dir = sharedDataDir()): CheckabilityFigures {
  const reasons: Record<string, number> = {};
  const refusedShare = (texts: readonly string[], count = true): number => {
    let refused = 0;
    for (const t of texts) {
      const c = checkability(t);
      if (c.checkable) continue;
      refused++;
      if (count) reasons[c.reason] = (reasons[c.reason] ?? 0) + 1;
    }
    return texts.length ? Math.round((refused / texts.length) * 1000) / 1000 : 0;
  };
  const factualSources = new Set(['wikipedia', 'wikinews', 'policy', 'wikitree']);
  const factual = items.filter((i) => factualSources.has(i.source)).map((i) => i.hypothesis);
  const reviews = items.filter((i) => !factualSources.has(i.source)).map((i) => i.hypothesis);

  const korquad = JSON.parse(fs.readFileSync(dataFile(KORQUAD_FILE, dir), 'utf8')) as Korquad;
  const statements = new Set<string>();
  const questions: string[] = [];
  for (const article of korquad.data) {
    for (const p of article.paragraphs) {
      const sentences = splitSentences(p.context);
      for (const qa of p.qas) {
        questions.push(qa.question);
        const at = qa.answers[0]?.answer_start ?? -1;
        const s = sentences.find((x) => x.start <= at && at < x.end);
        if (s) statements.add(s.text);
      }
    }
  }
  const factualRate = refusedShare(factual);
  const statementRate = refusedShare([...statements]);
  return {
    klue_factual_refusal_rate: factualRate,
    klue_factual_n: factual.length,
    klue_review_refusal_rate: refusedShare(reviews, false),
    korquad_statement_refusal_rate: statementRate,
    korquad_statement_n: statements.size,
    korquad_question_refusal_rate: refusedShare(questions, false),
    korquad_question_n: questions.length,
    refusal_reasons: reasons,
  };
}
