import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessEvidence } from '../../src/pipeline/rules/agreement.js';
import { roleIn } from '../../src/pipeline/rules/roles.js';

/**
 * A subject swap the sample-wiki sweep found supported (withheld, but cited as agreeing): "X와의"
 * had no role, so "대한민국은 터키와의 경기에서 승리했다" matched "터키는 대한민국과의 경기에서 승리해".
 * A particle made a modifier by 의 keeps its own role.
 */
const check = (claim: string, content: string) => assessEvidence(claim, { evid_id: 'ev', content });
const MATCH = '터키는 대한민국과의 3위 결정전 경기에서 3-2로 승리해 이 대회를 3위로 마감하였다.';

test('roleIn: 와의, 에서의 keep the role of their first particle; 의 alone is genitive', () => {
  assert.equal(roleIn('터키와의 경기', '터키'), 'comitative');
  assert.equal(roleIn('서울에서의 생활', '서울'), 'locative');
  assert.equal(roleIn('대한민국의 수도', '대한민국'), 'genitive');
});

test('who won: the swapped subject is not supported, the sentence as said is', () => {
  assert.equal(check('대한민국은 터키와의 3위 결정전 경기에서 3-2로 승리했다.', MATCH)?.stance ?? null, null);
  const said = check('터키는 대한민국과의 3위 결정전 경기에서 3-2로 승리했다.', MATCH);
  assert.equal(said?.stance, 'support');
  assert.equal(said?.quote, MATCH);
});
