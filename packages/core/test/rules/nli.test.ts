import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { sharedDataDir } from '@olala/testing/shared-data';
import { evaluateNli, KLUE_NLI_FILE, loadKlueNli, missedTargets } from '../../../../bench/lib/nli-eval.js';

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
