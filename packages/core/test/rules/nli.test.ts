import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { sharedDataDir } from '@olala/testing/shared-data';
import type { KindCalibration } from '../../src/pipeline/calibration.js';
import {
  asDecided,
  evaluateNli,
  half,
  KLUE_NLI_FILE,
  loadKlueNli,
  missedTargets,
  parseKornliTsv,
  saidFigures,
  score,
} from '../../../../bench/lib/nli-eval.js';

// Real data, read in place: missing data is a failure, not a skip.
test('KLUE-NLI dev: the no-LLM rules meet the issue 4 targets on the wiki items, on all items and on both halves', () => {
  const file = path.join(sharedDataDir(), KLUE_NLI_FILE);
  assert.ok(
    fs.existsSync(file),
    `KLUE-NLI dev is missing at ${file}: set OLALA_SHARED_DATA to the shared data directory`,
  );
  const items = loadKlueNli();
  assert.equal(items.length, 3000);
  const report = evaluateNli(items);
  assert.equal(report.wiki.n, 450);
  const missed = [
    ...missedTargets(report.wiki, 'wiki'),
    ...missedTargets(report.all, 'all'),
    // Tuned on even indices; the odd half is held out.
    ...missedTargets(report.wiki_odd, 'wiki_odd'),
    ...missedTargets(report.all_odd, 'all_odd'),
  ];
  assert.deepEqual(missed, []);
  // The baseline really is the majority class: a third on balanced data.
  assert.equal(report.all.majority_accuracy, 0.333);
});

test('loadKlueNli fails with a clear message when the data is absent', () => {
  assert.throws(
    () => loadKlueNli('/nonexistent/shared/data'),
    /evaluation data not found: .*klue-nli-v1\.1_dev\.json.*OLALA_SHARED_DATA/,
  );
});

test('KorNLI TSV: sentence1 is the evidence, sentence2 the claim, labels map as for KLUE, halves by file index', () => {
  const tsv = [
    'sentence1\tsentence2\tgold_label',
    '그는 학교에 갔다.\t그는 집에 있었다.\tcontradiction',
    '그는 학교에 갔다.\t그는 외출했다.\tentailment',
    '그는 학교에 갔다.\t그는 버스를 탔다.\tneutral\r',
    '',
  ].join('\n');
  const items = parseKornliTsv(tsv, 'fixture.tsv');
  assert.deepEqual(
    items.map((x) => [x.guid, x.source, x.premise, x.hypothesis, x.gold]),
    [
      ['kornli-dev-0', 'kornli', '그는 학교에 갔다.', '그는 집에 있었다.', 'FALSE'],
      ['kornli-dev-1', 'kornli', '그는 학교에 갔다.', '그는 외출했다.', 'TRUE'],
      ['kornli-dev-2', 'kornli', '그는 학교에 갔다.', '그는 버스를 탔다.', 'UNVERIFIED'],
    ],
  );
  // Even indices tune, odd ones are held out: the same split as KLUE's.
  assert.deepEqual(
    half(items, 'even').map((x) => x.guid),
    ['kornli-dev-0', 'kornli-dev-2'],
  );
  assert.deepEqual(
    half(items, 'odd').map((x) => x.guid),
    ['kornli-dev-1'],
  );
  assert.throws(() => parseKornliTsv('premise\thypothesis\tlabel\n', 'bad.tsv'), /bad\.tsv: expected the header/);
  assert.throws(
    () => parseKornliTsv('sentence1\tsentence2\tgold_label\n가\t나\tentails\n', 'bad.tsv'),
    /bad\.tsv:2: expected 3 columns/,
  );
});

test('KorNLI answers as decided: a finding of a kind rated under 0.9 is withheld, one at 0.9 or above stands', () => {
  const cell = (precision: number) => ({ count: 50, precision });
  const table: KindCalibration = {
    fitted_on: 'fixture',
    min_count: 10,
    prior: 10,
    labels: {
      TRUE: { overall: cell(0.95), cells: { stated: cell(0.97) } },
      FALSE: { overall: cell(0.8), cells: { negation: cell(0.7), number: cell(0.93) } },
    },
  };
  const withheld = asDecided({ label: 'FALSE', refused: null, kind: 'negation', bucket: 'mid' }, table);
  assert.equal(withheld.label, 'UNVERIFIED');
  assert.equal(asDecided({ label: 'FALSE', refused: null, kind: 'number', bucket: 'mid' }, table).label, 'FALSE');
  assert.equal(asDecided({ label: 'TRUE', refused: null, kind: 'stated', bucket: 'tight' }, table).label, 'TRUE');
  // A withheld FALSE scores as UNVERIFIED: right on a neutral item, no longer a wrong FALSE.
  const items = parseKornliTsv('sentence1\tsentence2\tgold_label\n가다.\t나다.\tneutral\n', 'f.tsv');
  const figures = saidFigures(score(items, [withheld]));
  assert.deepEqual([figures.false_said, figures.false_precision], [0, null]);
});
