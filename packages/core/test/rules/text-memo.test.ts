import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Evidence } from '../../src/evidence.js';
import { assessEvidence } from '../../src/pipeline/rules/agreement.js';
import { relatedPassages } from '../../src/pipeline/rules/passages.js';
import { evidenceSentences, splitSentences } from '../../src/pipeline/rules/sentences.js';
import {
  contentTerms,
  coverage,
  fold,
  foldedSentence,
  readContentTerms,
  sentenceCoverage,
} from '../../src/pipeline/rules/terms.js';
import { textMemo } from '../../src/pipeline/rules/text-memo.js';

test('a text memo reads each text once while it is kept, and again once it has been pushed out', () => {
  const seen: string[] = [];
  const memo = textMemo((text) => (seen.push(text), text.length), 2);
  assert.equal(memo('가나다'), 3);
  assert.equal(memo('가나다'), 3);
  assert.equal(memo('라마'), 2);
  assert.equal(memo.computed, 2);
  memo('바사아자');
  // Bounded: the oldest text left, so it is read again (and the answer is the same).
  assert.equal(memo('가나다'), 3);
  assert.equal(memo.computed, 4);
  assert.deepEqual(seen, ['가나다', '라마', '바사아자', '가나다']);
});

const PASSAGE =
  '티베트어는 티베트 고원에서 쓰이는 언어이다. 티베트어는 1950년대 이후 중국어의 영향을 받았다. ' +
  '표기에는 티베트 문자를 사용한다.\n인구는 약 600만 명이다.';
const CLAIMS = [
  '티베트어는 티베트 고원에서 쓰인다.',
  '티베트어는 1950년대 이후 중국어의 영향을 받지 않았다.',
  '인구는 약 900만 명이다.',
];

test('the memos answer what the readings give afresh', () => {
  for (const text of [...CLAIMS, PASSAGE, ...splitSentences(PASSAGE).map((s) => s.text)]) {
    assert.deepEqual(contentTerms(text), readContentTerms(text), text);
    assert.deepEqual(contentTerms(text), readContentTerms(text), `${text} (kept)`);
    assert.equal(foldedSentence(text), fold(text));
    assert.deepEqual(evidenceSentences(text), splitSentences(text));
  }
});

test("a claim's coverage of a sentence is weighed once for that claim, and is what coverage gives", () => {
  const terms = contentTerms(CLAIMS[0]!);
  const other = contentTerms(CLAIMS[1]!);
  for (const { text } of splitSentences(PASSAGE)) {
    const once = sentenceCoverage(terms, text);
    assert.deepEqual(once, coverage(terms, text));
    // The same object again: nothing was weighed the second time.
    assert.equal(sentenceCoverage(terms, text), once);
    // Another claim's terms are another key, weighed for that claim.
    assert.deepEqual(sentenceCoverage(other, text), coverage(other, text));
    assert.notEqual(sentenceCoverage(other, text), once);
  }
});

const evidence = (content: string): Evidence => ({
  evid_id: 'ev_1',
  source_type: 'WIKIPEDIA',
  title: '티베트어',
  url: 'https://wiki.example/티베트어',
  content,
  provider: 'wiki',
  trust_tier: 'encyclopedia',
  trust: 0.82,
  relevance: 1,
});

test("a claim's findings and related passages read each passage and sentence once, with the answers they get read afresh", () => {
  // A passage no other test of this file reads, so the first round reads everything afresh.
  const passage = `${PASSAGE} 티베트어의 방언은 크게 세 갈래로 나뉜다.`;
  const run = () =>
    JSON.stringify(
      CLAIMS.map((claim) => ({
        finding: assessEvidence(claim, { evid_id: 'ev_1', content: passage, title: '티베트어' }),
        related: relatedPassages(claim, [evidence(passage)]),
      })),
    );
  const split = evidenceSentences.computed;
  const folded = foldedSentence.computed;
  const first = run();
  assert.match(first, /"stance":"support"/, 'the cases must produce findings, or the test checks nothing');
  assert.match(first, /"stance":"refute"/);
  // Three claims, each through the findings and the related passages: the passage split once.
  assert.equal(evidenceSentences.computed - split, 1);
  const sentences = splitSentences(passage).length;
  assert.ok(foldedSentence.computed - folded <= sentences, 'each sentence folded at most once for all the claims');
  const afterFirst = [evidenceSentences.computed, foldedSentence.computed];
  assert.equal(run(), first);
  assert.deepEqual([evidenceSentences.computed, foldedSentence.computed], afterFirst, 'the second round reads nothing');
});
