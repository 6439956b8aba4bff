import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { stemEnd, stripSuffixes } from '../src/search/korean.js';
import { isBigram, isTitleTerm, normaliseText, titleEntity, titleTerms, tokenize } from '../src/search/tokenizer.js';

/** Word terms only (no bigrams, no whole-title terms), in order. */
function words(text: string, kind: 'document' | 'query' = 'document'): string[] {
  return tokenize(text, { kind }).filter((t) => !isBigram(t) && !isTitleTerm(t));
}

test('particles are stripped to the noun', () => {
  for (const form of [
    '서울은',
    '서울이',
    '서울의',
    '서울에서',
    '서울로',
    '서울까지',
    '서울에서는',
    '서울이다',
    '서울이었다',
  ]) {
    assert.deepEqual(words(form), ['서울'], form);
  }
  assert.deepEqual(words('대한민국의 수도는 서울이다.'), ['대한민국', '수도', '서울']);
  assert.deepEqual(words('학생들에게는 교과서를 나누어 주었다'), ['학생', '교과서', '나누어', '주었다']);
});

test('nouns that merely end like a particle keep their last syllable', () => {
  // 이/가/도/로 need a closed/open syllable before them and at least two syllables left.
  for (const noun of ['나이', '국가', '도로', '바다', '마을', '가을', '대한', '동해']) {
    assert.deepEqual(words(noun), [noun], noun);
  }
  // Where a rule does cut a noun, it cuts it the same way with or without a particle.
  assert.deepEqual(words('고양이는'), words('고양이'));
  assert.deepEqual(words('민주주의의'), words('민주주의'));
});

test('verbal endings of 하다/되다 verbs reduce to the noun', () => {
  const stems = ['기록했다', '기록한', '기록하는', '기록하였다', '기록되었다', '기록된다', '기록하며'].map((w) =>
    words(w),
  );
  for (const s of stems) assert.deepEqual(s, ['기록']);
  assert.deepEqual(words('이순신은 한산도 대첩에서 승리하였다.'), ['이순신', '한산도', '대첩', '승리']);
});

test('Hangul bigrams are prefixed and come from each stem plus the syllable after the cut', () => {
  assert.deepEqual(tokenize('대한민국의'), ['대한민국', '_대한', '_한민', '_민국', '_국의']);
  // A noun cut where it should not be (고속도|로) still has all of its own bigrams.
  assert.deepEqual(tokenize('고속도로').filter(isBigram), ['_고속', '_속도', '_도로']);
  // A two-syllable word and its bigram are different terms.
  assert.deepEqual(tokenize('서울'), ['서울', '_서울']);
  assert.deepEqual(tokenize('서 울'), ['서', '울']);
});

test('numbers keep their unit and also stand alone', () => {
  assert.deepEqual(words('2024년'), ['2024년', '2024']);
  assert.deepEqual(words('2024년에'), ['2024년', '2024']);
  assert.deepEqual(words('매출은 6조원을 기록했다'), ['매출', '6조원', '6', '기록']);
  assert.deepEqual(words('금리를 3.5% 올렸다'), ['금리', '3.5%', '3.5', '올렸다']);
  assert.deepEqual(words('1,000명이 모였다'), ['1000명', '1000', '모였다']);
  assert.deepEqual(words('1950. 6. 25.'), ['1950', '6', '25']);
  assert.deepEqual(words('길이 5km의 터널'), ['길이', '5km', '5', '터널']);
});

test('Latin words are lowercased and split from Hangul', () => {
  assert.deepEqual(words('삼성전자의 Galaxy S24를 공개했다'), ['삼성전자', 'galaxy', 's24', '공개']);
  assert.deepEqual(words('COVID-19 대유행'), ['covid', '19', '대유행']);
  assert.deepEqual(words('ＫＴＸ는 빠르다'), ['ktx', '빠르다']);
  assert.deepEqual(words('iPhone과 갤럭시'), ['iphone', '갤럭시']);
});

test('emoji, punctuation and jamo noise are dropped; empty input gives nothing', () => {
  assert.deepEqual(words('서울 😀🇰🇷 ㅋㅋ!! ...'), ['서울']);
  assert.deepEqual(tokenize(''), []);
  assert.deepEqual(tokenize('   \n\t  '), []);
  assert.deepEqual(tokenize('!!! ??? 🎉'), []);
  assert.deepEqual(tokenize('', { kind: 'query' }), []);
});

test('duplicates are kept in order so term frequency is known', () => {
  assert.deepEqual(words('서울은 서울이고 부산은 부산이다'), ['서울', '서울', '부산', '부산']);
});

test('every term is a safe tsvector lexeme', () => {
  const nasty = `그는 "따옴표" 'quote' back\\slash a:b 탭\t줄\n바꿈 O'Brien 50% C:\\Windows <tag> & | ! ( )`;
  for (const term of [...tokenize(nasty), ...tokenize(nasty, { kind: 'query' }), ...titleTerms(nasty)]) {
    assert.match(term, /^[^\s'"\\:&|!()<>*]+$/u, JSON.stringify(term));
  }
  for (const term of tokenize('대한민국 서울특별시').filter(isBigram)) assert.match(term, /^_[가-힣]{2}$/u);
});

test('titles are entities: the whole title is one term, and a query naming it produces that term', () => {
  assert.equal(titleEntity('김정남 (김정일의 아들)'), '=김정남');
  const terms = titleTerms('삼성 갤럭시 노트5');
  assert.ok(terms.includes('=삼성갤럭시노트5'), terms.join(' '));
  assert.ok(terms.includes('갤럭시') && terms.includes('_갤럭'));
  assert.ok(tokenize('삼성 갤럭시 노트5의 출시일은?', { kind: 'query' }).includes('=삼성갤럭시노트5'));
  // Spacing differs between writers; the entity term ignores it.
  assert.ok(tokenize('증강현실이란 무엇인가?', { kind: 'query' }).includes(titleEntity('증강 현실')));
  // Documents never carry whole-title candidates of their own.
  assert.equal(tokenize('삼성 갤럭시 노트5의 출시일').filter(isTitleTerm).length, 0);
});

test('queries drop question words but keep the topic', () => {
  const q = tokenize('룩셈부르크의 수도는 어디인가?', { kind: 'query' });
  assert.ok(q.includes('룩셈부르크') && q.includes('수도') && q.includes('=룩셈부르크'));
  assert.ok(!q.includes('어디') && !q.includes('_어디'));
  assert.deepEqual(words('누가 한글을 창제했는가?', 'query'), ['한글', '창제']);
});

test('a question and the sentence that answers it share their content terms', () => {
  const doc = new Set(tokenize('이순신은 1592년 한산도 대첩에서 일본 수군을 크게 물리쳤다.'));
  const query = tokenize('이순신이 일본 수군을 물리친 해전은 몇 년에 일어났는가?', { kind: 'query' });
  for (const term of ['이순신', '일본', '수군', '_물리']) {
    assert.ok(query.includes(term), `query lacks ${term}`);
    assert.ok(doc.has(term), `document lacks ${term}`);
  }
  const docWords = new Set(words('1592년 임진왜란이 일어났다. 조선은 일본의 침략을 받았다.'));
  for (const w of ['임진왜란', '조선', '일본', '침략', '1592년']) assert.ok(docWords.has(w), w);
  assert.ok(words('임진왜란은 몇 년에 일어났나요?', 'query').includes('임진왜란'));
});

test('the tokenizer gives the same terms as before its hot paths were reworked (the whole sample wiki)', () => {
  // Digest of every chunk's document and query terms and every title's terms, taken with the
  // tokenizer before the bigram cache and the index build changed: search quality depends on it.
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../sample/wiki');
  const chunks = parse(fs.readFileSync(path.join(root, 'wiki_chunks.csv')), { columns: true }) as { content: string }[];
  const pages = parse(fs.readFileSync(path.join(root, 'wiki_pages.csv')), { columns: true }) as { title: string }[];
  const h = createHash('sha256');
  let n = 0;
  for (const c of chunks) {
    const d = tokenize(c.content);
    const q = tokenize(c.content.slice(0, 200), { kind: 'query' });
    n += d.length + q.length;
    h.update(d.join('\u0001')).update('\u0002').update(q.join('\u0001')).update('\u0003');
  }
  for (const p of pages) {
    const t = titleTerms(p.title);
    n += t.length;
    h.update(t.join('\u0001')).update('\u0003');
  }
  assert.deepEqual(
    [chunks.length, pages.length, n, h.digest('hex')],
    [1840, 300, 1275963, '027b7196df010a05f8562a13ef08c981d998d0c44578f5cad874dfaef3e7fea3'],
  );
});

test('normaliseText skips the ICU passes only where they would change nothing, whatever the neighbours', () => {
  const reference = (text: string) => text.normalize('NFKC').toLowerCase();
  const tricky = [
    '서울특별시는 대한민국의 수도이다.',
    'FIFA 월드컵 Galaxy S24',
    // A syllable and a final jamo compose into one syllable; a mark composes with the letter before.
    '가\u11a8 e\u0301 ㄱㅏ \u1100\u1161',
    'ΟΔΟΣ Σ',
    'Ｆｕｌｌ ﾊﾝｶｸ ﬁ Ⅻ ㈜ ㎞ 豈 漢字 大韓民國',
    '😀 𠀀 🇰🇷',
    '줄\r\n바꿈\t탭',
    '',
  ];
  for (const text of tricky) assert.equal(normaliseText(text), reference(text), text);
  // Every character of the basic plane, alone and between neighbours that compose or change.
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCharCode(c);
    for (const text of [ch, `가${ch}`, `${ch}\u11a8`, `${ch}\u0301`, `A${ch}`, `${ch}Σ`])
      if (normaliseText(text) !== reference(text)) assert.fail(`U+${c.toString(16)} in ${JSON.stringify(text)}`);
  }
});

test('stemEnd cuts a slice of a longer text where stripSuffixes cuts the word alone', () => {
  const words = [
    '학생들에게는',
    '서울은',
    '국제평가를',
    '기록했다',
    '고양이는',
    '대한',
    '한산도',
    '5의',
    '도',
    '은',
    '에서',
  ];
  for (const word of words) {
    const text = `앞 ${word} 뒤`;
    const at = text.indexOf(word);
    for (const minStem of [undefined, 0, 1]) {
      assert.equal(text.slice(at, stemEnd(text, at, at + word.length, minStem)), stripSuffixes(word, minStem), word);
    }
  }
  assert.equal(stripSuffixes('학생들에게는'), '학생');
  assert.equal(stripSuffixes('5의', 0), '5');
});
