import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessEvidence } from '../../src/pipeline/rules/agreement.js';

/**
 * An encyclopedia sentence with no subject of its own continues the sentence right before it
 * ("스판덱스는 … 섬유이다. 기저귀와 운동복에 사용된다."): read with that subject, it may support the
 * claim. It never refutes through the carried subject, and any qualifier, number or negation it
 * disagrees on still withholds it.
 */
const check = (claim: string, content: string) => assessEvidence(claim, { evid_id: 'ev', content });
const LEAD = '스판덱스는 신축성이 뛰어난 합성 섬유이다.';

test('a topicless sentence after one about the claim subject supports it, quoting both sentences', () => {
  const used = check('스판덱스는 기저귀에 사용된다.', `${LEAD} 기저귀와 운동복에 사용된다.`);
  assert.equal(used?.stance, 'support');
  assert.equal(used?.kind, 'stated');
  assert.equal(used?.quote, `${LEAD} 기저귀와 운동복에 사용된다.`);
  assert.match(used?.reasons.join(' ') ?? '', /주어 '스판덱스'는 앞 문장에서 이어짐/);
  // A subject of several words is carried whole.
  const airline = check(
    '코파 항공은 항공기 30대를 운항한다.',
    '코파 항공은 파나마의 항공사이다. 항공기 30대를 운항한다.',
  );
  assert.equal(airline?.stance, 'support');
});

test('the carried reading still needs the same polarity, number and modality', () => {
  assert.notEqual(check('스판덱스는 기저귀에 사용된다.', `${LEAD} 기저귀에는 사용되지 않는다.`)?.stance, 'support');
  assert.notEqual(
    check('코파 항공은 항공기 30대를 운항한다.', '코파 항공은 파나마의 항공사이다. 항공기 40대를 운항한다.')?.stance,
    'support',
  );
  assert.equal(check('스판덱스는 기저귀에 사용될 수 있다.', `${LEAD} 기저귀와 운동복에 사용된다.`), null);
});

test('another subject, before or in the sentence, or a sentence between: no support', () => {
  const nylon = '나일론은 신축성이 뛰어난 합성 섬유이다. 기저귀와 운동복에 사용된다.';
  assert.equal(check('스판덱스는 기저귀에 사용된다.', nylon), null);
  assert.equal(check('스판덱스는 기저귀에 사용된다.', `${LEAD} 나일론이 기저귀와 운동복에 사용된다.`), null);
  // Only the sentence right before is continued.
  assert.equal(
    check('스판덱스는 기저귀에 사용된다.', `${LEAD} 1950년대에 개발되었다. 기저귀와 운동복에 사용된다.`),
    null,
  );
});

test('a carried subject never makes a refutation: another year read that way is only withheld', () => {
  assert.equal(check('스판덱스는 1980년에 개발되었다.', `${LEAD} 1958년에 개발되었다.`), null);
  assert.equal(check('스판덱스는 1958년에 개발되었다.', `${LEAD} 1958년에 개발되었다.`)?.stance, 'support');
});
