import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkIssueFile } from '../src/issues/index.js';

/** `olala issues add --json` checks files with TypeBox, which knows nothing of Ajv keywords: the control-character rule must hold there too. */
test('an issue file: control characters in a title are refused by field, free text is cleaned in place', () => {
  const file = [{ title: '제목' }, { title: '둘째\u0000', content: '본문' }];
  assert.deepEqual(checkIssueFile(file), [
    { field: '[1].title', reason: 'must not contain control characters (line breaks and tabs included)' },
  ]);

  const good = { title: '제목', summary: '요약\u0000', content: '첫 줄\r\n둘째\u0007 줄', claim: '주장\u001b' };
  assert.deepEqual(checkIssueFile(good), []);
  assert.deepEqual(good, { title: '제목', summary: '요약', content: '첫 줄\n둘째 줄', claim: '주장' });
});
