import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessEvidence } from '../../src/pipeline/rules/agreement.js';
import { calibrateByKind, MIN_DECIDED_PRECISION, rulesCalibration } from '../../src/pipeline/calibration.js';
import { namedSubject, subjectName, subjectTitles } from '../../src/pipeline/rules/scope.js';

/**
 * A refutation by another value (date, number, ordinal, antonym, attribute) decides only when the
 * claim names its subject and the sentence (or its page) names the same one: "그는 …" in everyday
 * text is as often about someone else as about the sentence's subject.
 */
function decides(kind: string, bucket: string): boolean {
  const table = rulesCalibration().by_kind;
  assert.ok(table, 'the rules calibration table is shipped');
  return (calibrateByKind(table, 'FALSE', kind, bucket) ?? 0) >= MIN_DECIDED_PRECISION;
}

test('namedSubject: a name and its possessors, never a pronoun, a pointed-at noun or a verb ending', () => {
  assert.deepEqual(namedSubject('사도세자의 아내는 혜경궁 홍씨이다.'), ['사도세자', '아내']);
  assert.deepEqual(namedSubject('대한민국의 수도는 부산이다.'), ['대한민국', '수도']);
  assert.deepEqual(namedSubject('《택시운전사》는 1980년에 개봉하였다.'), ['택시운전사']);
  assert.deepEqual(namedSubject('물은 수소와 산소로 이루어져 있다.'), ['물']);
  assert.deepEqual(namedSubject('서울에 있는 회사는 크다.'), ['회사']);
  // A noun ending in 가 or 오 is a noun; the verbs of going and coming before a noun are not it.
  assert.deepEqual(namedSubject('곽가는 중국 후한 말의 책사다.'), ['곽가']);
  assert.deepEqual(namedSubject('국가는 국민과 영토로 이루어진다.'), ['국가']);
  assert.deepEqual(namedSubject('마리오는 닌텐도의 게임이다.'), ['마리오']);
  assert.deepEqual(namedSubject('들어가는 사람은 표를 산다.'), ['사람']);
  assert.deepEqual(namedSubject('다가오는 겨울은 춥다.'), ['겨울']);
  assert.deepEqual(namedSubject('가는 사람은 많다.'), ['사람']);
  // A noun pointed at (그 사람, 이 법안) is named only by the same words.
  assert.deepEqual(namedSubject('그 사람은 키가 크다.'), ['그 사람']);
  for (const claim of [
    '그는 1990년에 서울로 이사했다.',
    '그녀가 세 번째 아이를 낳았다.',
    '우리는 10년 동안 일했다.',
    '나는 학생이다.',
    '그의 아내는 의사이다.',
    '이것이 가장 쉽다.',
    '어제 서울로 이사했다.',
  ])
    assert.deepEqual(namedSubject(claim), [], claim);
});

test('subjectName: a subject of several words as one name, after its owners; none for one word', () => {
  assert.equal(subjectName('노보시비르스크 제도는 동시베리아의 북쪽에 있다.'), '노보시비르스크제도');
  assert.equal(subjectName('2010년 FIFA 월드컵은 19번째 대회이다.'), '2010년fifa월드컵');
  assert.equal(subjectName('대한민국의 수도 서울은 크다.'), '수도서울');
  assert.equal(subjectName('서울특별시(서울特別市)는 수도이다.'), '');
  assert.equal(subjectName('혼슈는 일본에서 가장 큰 섬이다.'), '');
  // The word marked as subject is a verb's: the head noun comes after it.
  assert.equal(subjectName('판단하는 기후는 덥다.'), '');
});

test('a claim said of 그 against a sentence with another value stays shown but cannot decide FALSE', () => {
  const year = assessEvidence('그는 1990년에 서울로 이사했다.', {
    evid_id: 'ev',
    content: '김민수는 1995년에 서울로 이사했다.',
  });
  assert.equal(year?.stance, 'refute');
  assert.equal(year?.kind, 'contrast');
  assert.match(year?.reasons.join(' ') ?? '', /날짜 불일치: 근거: '1995년' ↔ 주장: '1990년'/);
  assert.match(year?.reasons.join(' ') ?? '', /주어가 근거 문장에 이름으로 나오지 않아/);
  assert.equal(decides(year!.kind, year!.bucket), false);

  const count = assessEvidence('그 분석가는 CTC에서 10년 동안 일해 왔다.', {
    evid_id: 'ev',
    content: '브리핑을 작성한 CTC 분석가는 지난 4년 동안 CTC에서 일해 왔다.',
  });
  assert.equal(count?.kind, 'contrast');
});

test('a named subject with another value in the same sentence still refutes, and decides', () => {
  const film = assessEvidence('《왕의 남자》는 2006년에 개봉하였다.', {
    evid_id: 'ev',
    content: '《왕의 남자》는 이준익 감독의 영화로, 2005년에 개봉하였다.',
  });
  assert.equal(film?.kind, 'date');
  assert.ok(!film?.reasons.some((r) => r.includes('주어가')));
  assert.equal(decides(film!.kind, film!.bucket), true);

  const capital = assessEvidence('사도세자의 아내는 1735년에 태어났다.', {
    evid_id: 'ev',
    content: '사도세자의 아내는 1745년에 태어났다.',
  });
  assert.equal(capital?.kind, 'date');
});

test('a date said as the subject is named whole: another day is another subject, not another value', () => {
  assert.deepEqual(namedSubject('7월 8일은 그레고리력으로 189번째 날에 해당한다.'), ['7월 8일']);
  assert.deepEqual(namedSubject('2020년 3월은 코로나19가 유행한 달이다.'), ['2020년 3월']);
  // A date before a named subject is the time of what it says, not part of the name.
  assert.deepEqual(namedSubject('1990년 삼성전자는 흑자를 냈다.'), ['삼성전자']);
  const claim = '7월 8일은 그레고리력으로 189번째 날에 해당한다.';
  // Before, 8일 named both: 8월 8일's month or ordinal refuted it, and decided (MIXED on kowiki
  // against its own page). Dates alone of another subject are nothing; with more, a shown contrast.
  const other = (title: string, content: string) => assessEvidence(claim, { evid_id: 'ev', title, content });
  assert.equal(other('8월 8일', '8월 8일은 그레고리력으로 220번째(윤년일 경우 221번째) 날에 해당한다.'), null);
  const contrast = other('1월 8일', '1월 8일은 그레고리력으로 8번째 날에 해당한다.');
  assert.equal(contrast?.kind, 'contrast');
  assert.equal(decides(contrast!.kind, contrast!.bucket), false);
  const own = assessEvidence(claim, {
    evid_id: 'ev',
    title: '7월 8일',
    content: '7월 8일은 그레고리력으로 189번째(윤년일 경우 190번째) 날에 해당한다.',
  });
  assert.equal(own?.stance, 'support');
  assert.equal(
    assessEvidence('7월 8일은 그레고리력으로 195번째 날에 해당한다.', {
      evid_id: 'ev',
      title: '7월 8일',
      content: '7월 8일은 그레고리력으로 189번째 날에 해당한다.',
    })?.kind,
    'ordinal',
  );
});

test("a sentence with no topic of its own continues its passage's subject, or its page's", () => {
  const claim = '밀라노 패션 위크는 1년에 한 번 열린다.';
  const passage = assessEvidence(claim, {
    evid_id: 'ev',
    content: '밀라노 패션 위크는 이탈리아 밀라노에서 열리는 패션 위크이다. 1년에 두 번 밀라노에서 열린다.',
  });
  assert.equal(passage?.kind, 'number');
  const sentence = '1년에 두 번 밀라노에서 열린다.';
  assert.equal(assessEvidence(claim, { evid_id: 'ev', title: '밀라노 패션 위크', content: sentence })?.kind, 'number');
  // Without the page or an earlier sentence naming it, the sentence speaks of no one known.
  assert.equal(assessEvidence(claim, { evid_id: 'ev', content: sentence })?.kind, 'contrast');
});

test("subjectTitles: the titles the claim's subject may have, the phrase first; none for a pronoun", () => {
  assert.deepEqual(subjectTitles('한일 병합 조약은 1910년에 체결되었다.'), ['한일 병합 조약']);
  assert.deepEqual(subjectTitles('대한민국의 수도는 부산이다.'), ['대한민국의 수도', '대한민국']);
  assert.deepEqual(subjectTitles('이순신 장군은 거북선을 만들었다.'), ['이순신 장군', '이순신']);
  assert.deepEqual(subjectTitles('《택시운전사》는 2017년에 개봉했다.'), ['택시운전사']);
  assert.deepEqual(subjectTitles('그는 1981년에 태어났다.'), []);
  assert.deepEqual(subjectTitles('이 회사는 1969년에 설립되었다.'), []);
});

test('a sentence pointing to the text around it (다음은 …의 일람이다) names no subject', () => {
  assert.deepEqual(namedSubject('다음은 수요일로 시작하는 평년의 달력이다.'), []);
  assert.deepEqual(namedSubject('아래는 2018년 기준 학위 과정 일람이다.'), []);
  // Another page's list intro is no other value of the claim's subject: kowiki read back, it was MIXED.
  const other = assessEvidence('다음은 수요일로 시작하는 평년의 달력이다.', {
    evid_id: 'ev',
    title: '금요일로 시작하는 평년',
    content: '다음은 금요일로 시작하는 평년의 달력이다.',
  });
  assert.notEqual(other?.kind, 'attribute-contrast');
});
