import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentOf } from '../../src/ocr/chrome.js';
import { paragraphs, readingOrder, statusBar } from '../../src/ocr/index.js';

test('status bar, read marks, unread counts, dividers and buttons are dropped', () => {
  for (const line of [
    '오후 3:41',
    '9:41',
    '87%',
    '오후 3:41 87%',
    '9:41 LTE 87%',
    '읽음',
    '1',
    '12',
    '전송',
    '보내기',
    '2024년 3월 5일 화요일',
    '2024.03.05 14:22',
    '입력 2024.03.05 14:22',
    '|',
    '...',
    '◀ ▶',
    '',
  ]) {
    assert.equal(contentOf(line), undefined, `"${line}" is screen furniture`);
  }
});

test('content lines are kept, with a time or read mark glued to their end cut off', () => {
  assert.equal(contentOf('정부가 다음 달부터 전기요금을 15% 올린대'), '정부가 다음 달부터 전기요금을 15% 올린대');
  assert.equal(contentOf('내일부터 지하철 요금 무료래 오후 3:41'), '내일부터 지하철 요금 무료래');
  assert.equal(contentOf('1 오후 3:41 진짜야? 뉴스에 나왔어'), '진짜야? 뉴스에 나왔어');
  assert.equal(contentOf('확인해 봐 읽음 오전 9:02'), '확인해 봐');
  // A number that belongs to the sentence stays.
  assert.equal(contentOf('사망자는 모두 12'), '사망자는 모두 12');
  assert.equal(contentOf('COVID-19 백신 3차 접종 시작'), 'COVID-19 백신 3차 접종 시작');
});

test('a line that is only a number with a unit or a percentage inside a sentence is not mistaken for the battery', () => {
  assert.equal(contentOf('물가 상승률 87% 기록'), '물가 상승률 87% 기록');
  assert.equal(contentOf('오후 3시 국회 본회의'), '오후 3시 국회 본회의');
});

test('reading order: top to bottom, side by side left to right', () => {
  const box = (x: number, y: number, height = 20) => ({ x, y, width: 100, height });
  const lines = [
    { text: 'c', box: box(10, 100) },
    { text: 'b', box: box(300, 12) },
    { text: 'a', box: box(10, 10) },
    { text: 'd', box: box(10, 200) },
  ];
  assert.deepEqual(
    readingOrder(lines).map((l) => l.text),
    ['a', 'b', 'c', 'd'],
  );
});

test("icons and borders read as symbols are dropped; junk at a line's ends is cut", () => {
  assert.equal(contentOf('[=] 으 = J — 그'), undefined);
  assert.equal(contentOf('a'), undefined);
  assert.equal(contentOf('다.'), '다.', 'a wrapped last syllable is content');
  assert.equal(contentOf('、 _ _ 어디서 들었어?'), '어디서 들었어?');
  assert.equal(contentOf('"진짜래" 라고 했어 _ |'), '"진짜래" 라고 했어');
});

test('a status bar with a misread clock is still the status bar', () => {
  assert.equal(contentOf('RF 341 LTE 87%'), undefined);
  assert.equal(contentOf('COVID-19 확진자 87% 감소'), 'COVID-19 확진자 87% 감소');
});

test('wrapped lines are joined into their paragraph; a new bubble starts a new line', () => {
  const line = (text: string, x: number, y: number) => ({ text, box: { x, y, width: 300, height: 30 } });
  assert.equal(
    paragraphs([
      line('가족 단톡방', 30, 90),
      line('산업통상자원부는 다음 달 1일부터', 34, 320),
      line('전기요금을 올린다고 밝혔다.', 35, 371),
      line('진짜야?', 400, 470),
    ]),
    '가족 단톡방\n산업통상자원부는 다음 달 1일부터 전기요금을 올린다고 밝혔다.\n진짜야?',
  );
});

test('control characters in what OCR returns never reach the stored text', () => {
  assert.equal(contentOf('정부가\u0000 전기요금을\u000c 올린대'), '정부가 전기요금을 올린대');
});

test("a bubble's edge read as a run of one letter is cut; numbers stay", () => {
  assert.equal(contentOf('그건 맞는 말 같은데 더데되되되되되되더'), '그건 맞는 말 같은데');
  assert.equal(contentOf('어디서 2222222200066 들었어?'), '어디서 들었어?');
  assert.equal(contentOf('피해액은 1000000원이다'), '피해액은 1000000원이다');
});

test('the status bar is told by its place and a clock or battery level, however the clock was misread', () => {
  const top = (text: string) => ({ text, box: { x: 34, y: 19, width: 713, height: 25 } });
  for (const text of ['오후 3:41 LTE 87%', '오후 3:.41 니68(96', '오후 3.41', '9:41', '니6879%'])
    assert.ok(statusBar(top(text), 780), text);
  assert.ok(!statusBar(top('가족 단톡방'), 780), 'a room name at the top is not the status bar');
  assert.ok(
    !statusBar({ text: '오후 3시 국회 본회의', box: { x: 34, y: 400, width: 400, height: 28 } }, 780),
    'lower down, a time is content',
  );
});
