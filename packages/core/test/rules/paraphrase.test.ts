import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessEvidence, type Finding } from '../../src/pipeline/rules/agreement.js';
import {
  ALIAS_ENDINGS,
  KIND_LINKS,
  LOCATED,
  paraphraseSupport,
  predicateVariants,
} from '../../src/pipeline/rules/paraphrase.js';
import { splitSentences } from '../../src/pipeline/rules/sentences.js';

/**
 * Support said in other words: each fixed construction supports its claim, and the siblings
 * that share the words but not the statement (another place, another name, a negation, another
 * subject) do not.
 */
function check(claim: string, content: string): Finding | null {
  const finding = assessEvidence(claim, { evid_id: 'ev', content });
  if (finding) assert.ok(content.includes(finding.quote), `quote must be verbatim: ${finding.quote}`);
  return finding;
}

test('location: "Y에 있는 X" and "X는 … Y에 위치한 N이다" state "X는 Y에 위치한다"', () => {
  const oman = check('오만은 서남아시아에 위치한다.', '오만 요리(Oman 料理)는 서남아시아에 있는 오만의 요리이다.');
  assert.equal(oman?.stance, 'support');
  assert.equal(oman?.kind, 'paraphrase');
  assert.match(oman?.reasons.join(' ') ?? '', /서남아시아에 있는 오만/);
  // Two words of the same place between (레반트 지역) are still that place.
  assert.equal(
    check('시리아는 서남아시아에 위치한다.', '시리아 요리는 서남아시아 레반트 지역에 있는 시리아의 요리이다.')?.kind,
    'paraphrase',
  );
  assert.ok(paraphraseSupport('워킹 데드는 영국에 위치한다.', '워킹 데드는 영국에 위치한 실내 롤러코스터이다.'));
});

test('location: another place, a place beside it, another thing there, or a negation support nothing', () => {
  // 남아시아 is not 동남아시아: the place must start a word.
  assert.equal(
    paraphraseSupport('미얀마는 남아시아에 위치한다.', '미얀마 요리는 대륙 동남아시아에 있는 미얀마의 요리이다.'),
    null,
  );
  assert.equal(
    paraphraseSupport(
      '미얀마는 동남아시아에 위치한다.',
      '미얀마 요리는 동남아시아와 남아시아 사이에 있는 미얀마의 요리이다.',
    ),
    null,
  );
  // What is in Y is another thing (태국), not the claim's subject.
  assert.equal(
    paraphraseSupport('미얀마는 동남아시아에 위치한다.', '동남아시아에 있는 태국은 미얀마와 국경을 맞댄다.'),
    null,
  );
  assert.equal(paraphraseSupport('오만은 서남아시아에 위치하지 않는다.', '서남아시아에 있는 오만의 요리이다.'), null);
  assert.notEqual(
    check('오만은 유럽에 위치한다.', '오만 요리는 서남아시아에 있는 오만의 요리이다.')?.stance,
    'support',
  );
});

test('alias: "X 또는 Y는" and "X는 … Y라고도 한다" state "X는 Y라고도 불린다"', () => {
  const gear = check(
    '톱니바퀴는 기어라고도 불린다.',
    '톱니바퀴 또는 기어(gear)는 톱니의 맞물리는 힘으로 동력을 전달하는 장치이다.',
  );
  assert.equal(gear?.stance, 'support');
  assert.equal(gear?.kind, 'paraphrase');
  assert.ok(
    paraphraseSupport(
      '《몽테크리스토 백작》은 《암굴왕》이라고도 불린다.',
      '《몽테크리스토 백작》(프랑스어: Le Comte de Monte-Cristo) 또는 《암굴왕》은 알렉상드르 뒤마가 1845년에 지은 소설이다.',
    ),
  );
  assert.ok(
    paraphraseSupport(
      'PPL은 임베디드 마케팅이라고도 불린다.',
      'PPL은 간접광고의 대표적인 형태로 임베디드 마케팅이라고도 한다.',
    ),
  );
});

test('alias: said with the object ("X를 Y라고도 한다"), the same naming; "X를 Y로 한다" is another verb', () => {
  const DELTA = '삼각주는 그 형태가 그리스 문자 델타와 유사하여 델타라고도 한다.';
  assert.equal(paraphraseSupport('삼각주를 델타라고도 한다', DELTA)?.kind, 'alias');
  assert.equal(paraphraseSupport('삼각주를 델타로 한다', DELTA), null);
});

test('alias: a name the lead does not give, or one given to something else, supports nothing', () => {
  assert.equal(
    paraphraseSupport(
      '톱니바퀴는 도르래라고도 불린다.',
      '톱니바퀴 또는 기어(gear)는 톱니의 맞물리는 힘으로 동력을 전달하는 장치이다.',
    ),
    null,
  );
  // 사자개 is what China calls it; the sentence's topic is not 시추.
  assert.equal(
    paraphraseSupport(
      '시추는 사자개라고도 불린다.',
      '중국에서는 사자개라고 부르는데, 이 이름에서 시추라는 이름이 전해졌다.',
    ),
    null,
  );
  assert.equal(
    paraphraseSupport('톱니바퀴는 기어라고 불리지 않는다.', '톱니바퀴 또는 기어는 동력을 전달하는 장치이다.'),
    null,
  );
});

test('apposition: "Y인 X" states "X는 Y이다", word for word', () => {
  const totoro = check('토토로는 도토리 나무의 요정이다.', '그곳에서 메이는 도토리 나무의 요정인 토토로를 만난다.');
  assert.equal(totoro?.stance, 'support');
  assert.equal(totoro?.kind, 'paraphrase');
  assert.equal(
    paraphraseSupport('토토로는 소나무의 요정이다.', '그곳에서 메이는 도토리 나무의 요정인 토토로를 만난다.'),
    null,
  );
  // 부수도인 is not 수도인: the complement starts a word.
  assert.equal(paraphraseSupport('세종은 수도이다.', '행정중심복합도시이자 부수도인 세종은 …에 있다.'), null);
});

test('apposition: a noun right before the name ("소방관 김자홍"), and "Y였던 X" for a past claim', () => {
  const firefighter = check(
    '김자홍은 소방관이다.',
    '화재 사고 현장에서 여자아이를 구하고 죽음을 맞이한 소방관 김자홍의 앞에 저승차사 해원맥이 나타난다.',
  );
  assert.equal(firefighter?.stance, 'support');
  assert.equal(firefighter?.kind, 'paraphrase');
  assert.deepEqual(firefighter?.reasons, ["동격: 근거 '소방관 김자홍' = 주장 '김자홍은 소방관이다'"]);
  assert.equal(
    paraphraseSupport('엄마는 무당이었다.', '유일한 가족이자 무당이었던 엄마를 잃은 소진에게 한 남자가 찾아온다.')
      ?.kind,
    'apposition',
  );
  // Another noun before the name, or one that says it was so no longer (전 대통령), is no apposition.
  assert.equal(
    paraphraseSupport('김자홍은 경찰관이다.', '여자아이를 구한 소방관 김자홍의 앞에 저승차사가 나타난다.'),
    null,
  );
  assert.equal(paraphraseSupport('오바마는 대통령이다.', '전 대통령 오바마는 시카고에 산다.'), null);
  // A present claim is not stated by what the name was (무당이었던 엄마).
  assert.equal(paraphraseSupport('엄마는 무당이다.', '무당이었던 엄마를 잃은 소진에게 한 남자가 찾아온다.'), null);
});

test('relative clause: "… V-던 / V-는 / V-한 X" states "X는 … V-다", word for word', () => {
  const TORTURE = '남영동 대공분실에서 물고문을 받던 22살 대학생 청년이 사망하는 사건이 벌어진다.';
  assert.match(paraphraseSupport('22살 대학생 청년은 물고문을 받았다', TORTURE)?.reason ?? '', /관계절/);
  assert.equal(check('22살 대학생 청년은 물고문을 받았다.', TORTURE)?.stance, 'support');
  const JOURNAL =
    '하중이 축심에 직각으로 작용하는 가로저널, 축방향으로 작용하는 피벗저널, 축의 방향을 바꿀 수 있는 구면저널 등이 있다.';
  assert.equal(paraphraseSupport('피벗저널은 축방향으로 작용한다', JOURNAL)?.kind, 'relative');
  // The clause on another thing of the list says nothing of this one.
  assert.equal(paraphraseSupport('가로저널은 축방향으로 작용한다', JOURNAL), null);
  // The cleft that names who did it, not when it is denied or only reported.
  const CHART = '핫 100 차트에서 1위를 가장 많이 차지한 가수는 비틀즈이다.';
  assert.equal(check('비틀즈는 핫 100 차트에서 1위를 가장 많이 차지했다.', CHART)?.stance, 'support');
  assert.equal(paraphraseSupport('비틀즈는 1위를 가장 많이 차지했다', CHART.replace('이다.', '가 아니다.')), null);
  assert.equal(
    paraphraseSupport('비틀즈는 1위를 가장 많이 차지했다', CHART.replace('이다.', '이다라는 설은 틀렸다.')),
    null,
  );
});

test("relative clause: on a longer name (X 묘정), on X's kin (X의 아들), in the future or negated, it states nothing of X", () => {
  const TOMB = '한글학회는 의정부시 고산동 산53번지에 위치한 신숙주 묘정에 사적비를 건립했다.';
  assert.equal(paraphraseSupport('신숙주는 산53번지에 위치한다', TOMB), null);
  assert.equal(paraphraseSupport('김씨는 이라크를 공격했다', '이라크를 공격한 김씨의 아들이 귀국했다.'), null);
  assert.equal(paraphraseSupport('청년은 물고문을 받았다', '물고문을 받을 청년이 끌려왔다.'), null);
  // Who lived there may live there no more: a past modifier states no present.
  assert.equal(paraphraseSupport('김씨는 서울에 산다', '서울에 살던 김씨는 부산으로 이사했다.'), null);
  assert.equal(paraphraseSupport('김씨는 서울에 살았다', '서울에 살던 김씨는 부산으로 이사했다.')?.kind, 'relative');
  assert.equal(paraphraseSupport('청년은 물고문을 받았다', '그러나 물고문을 받던 청년은 없었다.'), null);
});

test('the same predicate in other words supports only when the sentence states it', () => {
  assert.deepEqual(predicateVariants('티베트어는 티베트에서 쓰인다.'), [
    '티베트어는 티베트에서 사용된다.',
    '티베트어는 티베트에서 이용된다.',
  ]);
  assert.deepEqual(predicateVariants('그는 서울에서 살았다.'), []);
  const used = check(
    '보란은 셀틱 포크 음악에서 사용된다.',
    '보란은 아일랜드의 전통 타악기로, 셀틱 포크 음악에서 쓰인다.',
  );
  assert.equal(used?.kind, 'paraphrase');
  assert.match(used?.reasons[0] ?? '', /사용된다.*쓰인다/);
  // Said of another subject, the other verb confirms nothing.
  assert.notEqual(
    check('보란은 셀틱 포크 음악에서 사용된다.', '보란과 달리 피들은 셀틱 포크 음악에서 쓰인다.')?.stance,
    'support',
  );
});

test('the table of same predicates: 개최되었다 = 열렸다, 속한다 = 포함된다, and never against a negation', () => {
  const games = check(
    '제1회 아시안 게임은 뉴델리에서 개최되었다.',
    '제1회 아시안 게임은 1951년 인도 뉴델리에서 열렸다.',
  );
  assert.equal(games?.kind, 'paraphrase');
  assert.match(games?.reasons[0] ?? '', /개최되었다.*열렸다/);
  assert.equal(check('고래는 포유류에 속한다.', '고래는 바다에 사는 포유류에 포함된다.')?.kind, 'paraphrase');
  assert.notEqual(
    check('제1회 아시안 게임은 뉴델리에서 개최되었다.', '제1회 아시안 게임은 뉴델리가 아닌 도쿄에서 열렸다.')?.stance,
    'support',
  );
});

test('a name of several words is one subject: said once as the topic, left out of the stating clause', () => {
  const f = check(
    '주세페 메아자 스타디움은 밀란과 인터 밀란의 홈 경기장이다.',
    '주세페 메아자 스타디움은 이탈리아 밀라노 산시로 구에 있는 축구 경기장으로, 밀란과 인터 밀란의 홈 경기장이다.',
  );
  assert.equal(f?.stance, 'support');
  // The clause with a subject of its own says what that one did.
  assert.notEqual(
    check(
      '조 말론 런던은 에스티로더를 인수했다.',
      '조 말론 런던은 영국 향수 브랜드로, 조 말론이 설립했으며 1999년 에스티 로더 사가 인수했다.',
    )?.stance,
    'support',
  );
});

test('a full stop glued to the next sentence after …다 still ends the sentence', () => {
  assert.deepEqual(
    splitSentences('그는 철학자이다.1965년부터 파리에 산다.').map((s) => s.text),
    ['그는 철학자이다.', '1965년부터 파리에 산다.'],
  );
  assert.deepEqual(
    splitSentences('값은 3.5이다. 끝.').map((s) => s.text),
    ['값은 3.5이다.', '끝.'],
  );
});

test('an antonym said of another subject refutes nothing', () => {
  const other = check(
    '고종은 을사늑약 체결을 반대하였다.',
    '이토 히로부미는 모든 대신을 숙소로 불러 을사늑약 체결에 찬성하도록 하였다.',
  );
  assert.notEqual(other?.kind, 'antonym');
  const same = check('이 법안은 국회에서 부결되었다.', '이 법안은 국회에서 가결되었다.');
  assert.equal(same?.kind, 'antonym');
});

test("a lead naming one thing twice (X 또는 Y는) has X as its topic; a gloss's colon cuts no clause", () => {
  const cholera = check(
    '콜레라는 전염병이다.',
    '콜레라(영어: cholera) 또는 호역(虎疫)은 수인성 전염병이며, 콜레라균(Vibrio cholerae)이 일으킨다.',
  );
  assert.equal(cholera?.stance, 'support');
  assert.equal(cholera?.kind, 'stated');
  // A verb's modifier (흥분시키는) is not a second topic.
  const meth = check(
    '메스암페타민은 각성제이다.',
    '메스암페타민(methamphetamine, 문화어: 메탐페타민)은 암페타민의 유도체로서 중추 신경을 강력하게 흥분시키는 각성제이다.',
  );
  assert.equal(meth?.kind, 'stated');
  // Another thing's name in the lead is no support: 호역 is listed, 장티푸스 is not.
  assert.notEqual(
    check('장티푸스는 전염병이다.', '콜레라(영어: cholera) 또는 호역(虎疫)은 수인성 전염병이며, 콜레라균이 일으킨다.')
      ?.stance,
    'support',
  );
});

test('"…한 적이 있다" claims the deed: the bound noun is not a word to find', () => {
  const f = check('벨기에는 독일에 점령된 적이 있다.', '벨기에는 제2차 세계대전 때 독일에 점령되었다.');
  assert.equal(f?.stance, 'support');
  assert.notEqual(
    check('벨기에는 독일에 점령된 적이 없다.', '벨기에는 제2차 세계대전 때 독일에 점령되었다.')?.stance,
    'support',
  );
});

test('curated opposites refute when only the other side is said of the subject; both sides said refute nothing', () => {
  const forced = check(
    '대한제국은 자발적으로 일본과 조약을 맺었다.',
    '대한제국은 1905년 일본에 의해 강제로 조약을 맺었다.',
  );
  assert.equal(forced?.stance, 'refute');
  assert.equal(forced?.kind, 'antonym');
  assert.match(forced?.reasons.join(' ') ?? '', /주장 '자발적', 근거 '강제'/);
  assert.equal(
    check('영희는 남편과 함께 딸을 키운다.', '영희는 보험회사에 다니며 남편 없이 딸을 홀로 키운다.')?.kind,
    'antonym',
  );
  // Said of 그녀, it may be another woman (named-subject.test.ts): shown, but not an antonym that decides.
  assert.equal(
    check('그녀는 남편과 함께 딸을 키운다.', '그녀는 보험회사에 다니며 딸을 홀로 키운다.')?.kind,
    'contrast',
  );
  // The evidence says both (흡수와 방출을 반복): no side is denied.
  assert.notEqual(check('이 물질은 빛을 흡수한다.', '이 물질은 빛의 흡수와 방출을 반복한다.')?.stance, 'refute');
});

test('a kind of Y is a Y: "X는 … Y의 일종 / 분야 / 중 하나" states "X는 Y이다" and "X는 Y에 속한다"', () => {
  assert.equal(
    paraphraseSupport('고래상어는 상어이다.', '고래상어는 여과 섭식 상어의 일종으로 현재 살아있는 어류 중 가장 크다.')
      ?.kind,
    'kind-of',
  );
  assert.equal(
    paraphraseSupport('양자역학은 물리학에 속한다.', '양자역학은 미시적인 계의 현상을 연구하는 물리학의 분야이다.')
      ?.kind,
    'kind-of',
  );
  // The look-alikes: Y inside another word (비상어), the kind denied, another topic, a turn before it.
  assert.equal(paraphraseSupport('고래상어는 상어이다.', '고래상어는 비상어의 일종이다.'), null);
  assert.equal(paraphraseSupport('고래상어는 상어이다.', '고래상어는 상어의 일종이 아니다.'), null);
  assert.equal(paraphraseSupport('고래상어는 상어이다.', '돌묵상어는 상어의 일종이다.'), null);
  assert.equal(paraphraseSupport('고래상어는 상어이다.', '고래상어는 이름과 달리 고래이지만 상어의 일종이다.'), null);
});

/**
 * Each reader runs its pattern only on a sentence that holds the pattern's words verbatim (a
 * pattern per claim is compiled only then), and both come from one list: every word of the list
 * passes the pre-check and is read by the pattern, so a word the two read differently fails here.
 */
test('every word a paraphrase pattern reads passes its pre-check: alias endings, location modifiers, kind links', () => {
  for (const ending of ALIAS_ENDINGS) {
    // 라고도 / 로도 after a vowel, 이라고도 / 으로도 after a consonant.
    const y = /^(이|으)/.test(ending) ? '협만' : '피오르드';
    const claim = `피오르는 ${y}${ending} 불린다.`;
    assert.equal(
      paraphraseSupport(claim, `피오르는 빙하가 깎은 골짜기에 바닷물이 든 지형으로, ${y}${ending} 한다.`)?.kind,
      'alias',
      ending,
    );
    // The look-alike: the same name said of another subject.
    assert.equal(paraphraseSupport(claim, `리아스식 해안은 ${y}${ending} 한다.`), null, ending);
  }
  for (const modifier of LOCATED) {
    assert.equal(
      paraphraseSupport('오만은 서남아시아에 위치한다.', `오만 요리는 서남아시아에 ${modifier} 오만의 요리이다.`)?.kind,
      'location',
      modifier,
    );
    // The place's last word before 에 is read as the place: 인근 is another one.
    assert.equal(
      paraphraseSupport('오만은 서남아시아에 위치한다.', `오만 요리는 서남아시아 인근에 ${modifier} 오만의 요리이다.`),
      null,
      modifier,
    );
  }
  for (const link of KIND_LINKS) {
    const noun = link === '의 ' ? '일종' : '하나';
    assert.equal(
      paraphraseSupport('고래상어는 상어이다.', `고래상어는 여과 섭식 상어${link}${noun}이다.`)?.kind,
      'kind-of',
      link,
    );
    assert.equal(paraphraseSupport('고래상어는 상어이다.', `고래상어는 비상어${link}${noun}이다.`), null, link);
  }
});
