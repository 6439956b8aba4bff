import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '@olala/core';
import { cleanNickname, isReservedNickname, nicknameKey, randomNickname } from '../src/identity/index.js';

test('the bot name 올라 / olala is reserved, with its look-alikes; names that merely contain it are not', () => {
  const lookAlikes = [
    '올라',
    ' 올라 ',
    '올 라',
    '올\u3000라',
    '올\u200b라',
    '올\u2060라',
    '@올라',
    '올라!',
    'olala',
    'OLaLA',
    'ｏｌａｌａ',
    'Ｏ Ｌ Ａ Ｌ Ａ',
    '올\u00ad라',
  ];
  for (const name of lookAlikes) assert.equal(isReservedNickname(name), true, JSON.stringify(name));
  for (const name of ['올라가자', '올리브', '라올', 'olalaa', '용감한 수달 1234'])
    assert.equal(isReservedNickname(name), false, name);
  assert.equal(nicknameKey('Ｏ Ｌ ａ\u200bＬ Ａ'), 'olala');
  // Random names never collide with it.
  for (let i = 0; i < 200; i++) assert.equal(isReservedNickname(randomNickname()), false);
});

test('cleanNickname refuses the bot name with a Korean message (a 400 on PATCH /v1/me and registration)', () => {
  assert.throws(
    () => cleanNickname('ＯＬＡＬＡ'),
    (e: unknown) => e instanceof UserError && /올라/.test(e.message),
  );
  assert.equal(cleanNickname(' 올라가자 '), '올라가자');
});
