import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isBigram, isTitleTerm, tokenize } from '../../src/search/tokenizer.js';
import { wordTerms } from '../../src/pipeline/stages/score/index.js';

const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../sample/wiki/wiki_chunks.csv');

/** What stage 4 read before it had its own sink: the tokenizer's terms less bigrams and title terms. */
const fromTokenize = (text: string) => new Set(tokenize(text).filter((t) => !isBigram(t) && !isTitleTerm(t)));

test("stage 4's word terms are the tokenizer's terms without bigrams, on the whole sample wiki", () => {
  const lines = fs.readFileSync(SAMPLE, 'utf8').split('\n');
  assert.ok(lines.length > 1000, `the sample has ${lines.length} lines`);
  let terms = 0;
  for (const line of lines) {
    const words = wordTerms(line);
    assert.deepEqual(words, fromTokenize(line), line.slice(0, 80));
    terms += words.size;
  }
  assert.ok(terms > 50_000, `${terms} word terms compared`);
});

test("stage 4's word terms agree on the tokenizer's edge cases", () => {
  const cases = [
    '서울특별시는 대한민국의 수도이다.',
    '학생들에게는 2024년 6조원, 1,000명, 1,2,3위, 3.5% 인상',
    'Galaxy의 S24를 샀다. ＡＢＣ ｆｕｌｌ-ｗｉｄｔｈ 文學 漢字는',
    '이다 은 는 의', // a stem stripped to nothing keeps the run
    'ㅋㅋㅋ ㅠㅠ 👍🏽 올라라😀검증',
    `${'가'.repeat(45)} ${'a'.repeat(41)} ${'가'.repeat(40)}을`,
    'Ǆemal e\u0301 ﬁ ℃ 10km 5의',
    '',
  ];
  for (const text of cases) assert.deepEqual(wordTerms(text), fromTokenize(text), text);
  assert.deepEqual(
    [...wordTerms('서울은 2024년에')].sort(),
    ['2024', '2024년', '서울'].sort(),
    'stems and numbers, no bigrams',
  );
});
