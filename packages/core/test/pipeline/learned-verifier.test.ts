import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { UserError } from '../../src/errors.js';
import { alignmentFeatures, FEATURE_NAMES, type FeatureName } from '../../src/pipeline/learned/features.js';
import {
  decideFromProbability,
  learnedVerdict,
  probability,
  readModel,
  validateModel,
  type VerifierModel,
} from '../../src/pipeline/learned/model.js';

const passage = (content: string) => [{ evid_id: 'p', content }];

function features(claim: string, evidence: string): Record<FeatureName, number> {
  const x = alignmentFeatures(claim, passage(evidence));
  assert.equal(x.length, FEATURE_NAMES.length);
  return Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, x[i]!])) as Record<FeatureName, number>;
}

const EVIDENCE =
  '세종대왕은 조선의 제4대 국왕이다. 훈민정음은 1443년에 세종대왕이 창제하였다. 집현전 학자들은 한글 창제를 돕지 않았다는 설도 있다.';

test('a claim its passage states: covered, predicate stated, no negation mismatch, the rules say stated', () => {
  const f = features('훈민정음은 1443년에 세종대왕이 창제하였다.', EVIDENCE);
  assert.equal(f.cover_sentence, 1);
  assert.equal(f.predicate_stated, 1);
  assert.equal(f.negation_mismatch, 0);
  assert.equal(f.quantities_confirmed, 1);
  assert.equal(f.quantity_conflict, 0);
  assert.equal(f.rules_stated + f.rules_full + f.rules_paraphrase, 1);
});

test('a negated claim against a plain sentence: negation mismatch and a polarity conflict', () => {
  const f = features('훈민정음은 세종대왕이 창제하지 않았다.', EVIDENCE);
  assert.equal(f.claim_negated, 1);
  assert.equal(f.clause_negated, 0);
  assert.equal(f.negation_mismatch, 1);
  assert.equal(f.polarity_conflict, 1);
  assert.equal(f.rules_stated, 0);
});

test('another year for the same event: a quantity conflict, none confirmed', () => {
  const f = features('훈민정음은 1450년에 세종대왕이 창제하였다.', EVIDENCE);
  assert.equal(f.claim_quantities, 1);
  assert.equal(f.quantity_conflict, 1);
  assert.equal(f.quantities_confirmed, 0);
  assert.equal(f.rules_number_date, 1);
});

test('a paraphrase keeps the nouns but not the verb: high coverage, predicate not stated', () => {
  const f = features('세종대왕은 훈민정음을 만들었다.', EVIDENCE);
  assert.ok(f.cover_sentence >= 0.5, `cover ${f.cover_sentence}`);
  assert.equal(f.predicate_stated, 0);
  assert.ok(f.char_trigram_in_passage > 0 && f.char_trigram_in_passage < 1);
});

test('an absolute claim and a claim with nothing in common with its passage', () => {
  const f = features('세종대왕은 조선의 유일한 국왕이다.', EVIDENCE);
  assert.equal(f.absolute_claim, 1);
  const none = features('고양이는 포유류이다.', EVIDENCE);
  assert.equal(none.cover_sentence, 0);
  assert.equal(none.longest_run < 0.3, true);
  const empty = alignmentFeatures('고양이는 포유류이다.', []);
  assert.equal(empty[FEATURE_NAMES.indexOf('cover_sentence')], 0);
});

function model(overrides: Partial<VerifierModel> = {}): VerifierModel {
  const n = FEATURE_NAMES.length;
  return {
    olala_verifier: 1,
    kind: 'logistic',
    features: [...FEATURE_NAMES],
    mean: new Array<number>(n).fill(0),
    scale: new Array<number>(n).fill(1),
    // Coverage for TRUE, a negation mismatch or a number conflict against it.
    weights: FEATURE_NAMES.map((f) =>
      f === 'cover_sentence' ? 4 : f === 'negation_mismatch' || f === 'quantity_conflict' ? -6 : 0,
    ),
    bias: -1,
    thresholds: { true_min: 0.9, false_max: 0.1 },
    confidence: {
      TRUE: [
        { max_raw: 0.95, calibrated: 0.93, count: 40 },
        { max_raw: 1, calibrated: 0.97, count: 60 },
      ],
      FALSE: [{ max_raw: 1, calibrated: 0.91, count: 30 }],
    },
    trained_on: 'test',
    licence: 'test',
    ...overrides,
  };
}

test('decisions follow the thresholds and take the measured precision as confidence', () => {
  const m = model();
  assert.deepEqual(decideFromProbability(m, 0.97), { label: 'TRUE', p_true: 0.97, confidence: 0.97 });
  assert.deepEqual(decideFromProbability(m, 0.92), { label: 'TRUE', p_true: 0.92, confidence: 0.93 });
  assert.deepEqual(decideFromProbability(m, 0.05), { label: 'FALSE', p_true: 0.05, confidence: 0.91 });
  assert.deepEqual(decideFromProbability(m, 0.5), { label: 'UNVERIFIED', p_true: 0.5, confidence: 0 });
  assert.equal(learnedVerdict(m, '훈민정음은 1443년에 세종대왕이 창제하였다.', passage(EVIDENCE)).label, 'TRUE');
  assert.equal(learnedVerdict(m, '훈민정음은 1450년에 세종대왕이 창제하였다.', passage(EVIDENCE)).label, 'FALSE');
});

test('the same claim and evidence give the same features and score, run after run', () => {
  const m = model();
  const claim = '집현전 학자들은 한글 창제를 도왔다.';
  const first = alignmentFeatures(claim, passage(EVIDENCE));
  const p = probability(m, first);
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(alignmentFeatures(claim, passage(EVIDENCE)), first);
    assert.equal(probability(m, alignmentFeatures(claim, passage(EVIDENCE))), p);
  }
  // Standardisation is applied: shifting a mean moves the score.
  const shifted = model({ mean: FEATURE_NAMES.map((f) => (f === 'cover_sentence' ? 0.5 : 0)) });
  assert.notEqual(probability(shifted, first), p);
});

test('a malformed model is refused with the field named', () => {
  const bad: [string, unknown, RegExp][] = [
    ['not an object', [], /\(file\): expected a JSON object/],
    ['wrong version', { ...model(), olala_verifier: 2 }, /olala_verifier: expected 1/],
    [
      'features renamed',
      { ...model(), features: ['a', ...FEATURE_NAMES.slice(1)] },
      /features: expected the \d+ feature names/,
    ],
    ['weights short', { ...model(), weights: [1, 2] }, /weights: expected \d+ finite numbers, got 2 items/],
    ['NaN mean', { ...model(), mean: FEATURE_NAMES.map(() => Number.NaN) }, /mean: expected/],
    ['zero scale', { ...model(), scale: FEATURE_NAMES.map(() => 0) }, /scale: expected positive numbers/],
    ['bias a string', { ...model(), bias: '1' }, /bias: expected a finite number/],
    ['thresholds crossed', { ...model(), thresholds: { true_min: 0.4, false_max: 0.6 } }, /thresholds\.false_max/],
    ['true_min above 1', { ...model(), thresholds: { true_min: 2, false_max: 0.1 } }, /thresholds\.true_min/],
    ['no FALSE steps', { ...model(), confidence: { ...model().confidence, FALSE: [] } }, /confidence\.FALSE/],
    [
      'a step of count 0',
      { ...model(), confidence: { ...model().confidence, TRUE: [{ max_raw: 1, calibrated: 0.9, count: 0 }] } },
      /confidence\.TRUE/,
    ],
  ];
  for (const [what, value, message] of bad)
    assert.throws(
      () => validateModel(value, 'm.json'),
      (err: Error) => err instanceof UserError && message.test(err.message),
      what,
    );
  assert.equal(validateModel(model(), 'm.json').kind, 'logistic');
});

test('readModel: a missing file, broken JSON and a good file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'olala-verifier-'));
  try {
    assert.throws(() => readModel(path.join(dir, 'none.json')), /none\.json: no such file/);
    const broken = path.join(dir, 'broken.json');
    fs.writeFileSync(broken, '{"olala_verifier": 1,');
    assert.throws(() => readModel(broken), /broken\.json: not JSON/);
    const good = path.join(dir, 'good.json');
    fs.writeFileSync(good, JSON.stringify(model()));
    assert.deepEqual(readModel(good), model());
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
