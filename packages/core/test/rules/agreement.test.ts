import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessEvidence, type Finding } from '../../src/pipeline/rules/agreement.js';

function check(claim: string, content: string): Finding | null {
  const finding = assessEvidence(claim, { evid_id: 'ev_test', content });
  if (finding) {
    assert.ok(content.includes(finding.quote), `quote must be verbatim: ${finding.quote}`);
    assert.equal(finding.evid_id, 'ev_test');
    assert.ok(finding.strength > 0 && finding.strength <= 1);
    assert.ok(finding.reasons.length > 0);
  }
  return finding;
}

const ARTICLE =
  '삼성전자는 30일 실적을 공시했다. 삼성전자가 2024년 1분기 영업이익 6조원을 기록했다고 밝혔다.\n' +
  '반도체 부문의 흑자 전환이 실적을 이끌었다.';

test('a sentence that covers the whole claim supports it, quoting that sentence verbatim', () => {
  const f = check('삼성전자가 2024년 1분기 영업이익 6조원을 기록했다', ARTICLE);
  assert.equal(f?.stance, 'support');
  assert.equal(f?.quote, '삼성전자가 2024년 1분기 영업이익 6조원을 기록했다고 밝혔다.');
});

test('numbers with units that disagree refute, with the figures in the reason', () => {
  const f = check(
    '삼성전자가 2024년 1분기 영업이익 6조원을 기록했다',
    '삼성전자가 2024년 1분기 영업이익 5조 2천억원을 기록했다.',
  );
  assert.equal(f?.stance, 'refute');
  assert.match(f?.reasons.join(' ') ?? '', /수치 불일치: 주장 6조원, 근거 5조 2천억원/);
  assert.equal(
    check(
      '한국판 뉴딜은 5대 과제를 선정하여 추진된다.',
      '한국판 뉴딜은 디지털과 그린 뉴딜을 양대축으로 10대 과제를 선정해 추진되며, 고용사회망 강화도 함께 이뤄진다.',
    )?.stance,
    'refute',
  );
  // Korean numerals against digits: 세 명 is 3명.
  assert.equal(check('이번 사고로 주민 세 명이 다쳤다.', '이번 사고로 주민 3명이 다쳤다.')?.stance, 'support');
  assert.equal(check('이번 사고로 주민 다섯 명이 다쳤다.', '이번 사고로 주민 3명이 다쳤다.')?.stance, 'refute');
});

test('dates that disagree refute', () => {
  const content = '매리 카사트는 1877년 처음으로 파리 살롱에서 작품을 전시하지 못했다.';
  const f = check('매리 카사트는 1875년 처음으로 파리 살롱에서 작품을 전시하지 못했다.', content);
  assert.equal(f?.stance, 'refute');
  assert.match(f?.reasons[0] ?? '', /1875년/);
  assert.equal(
    check('제365회 토익 시험은 15일에 치러졌다.', '14일 전국에서 제365회 토익 시험이 치러졌다.')?.stance,
    'refute',
  );
});

test('negation of the same predicate refutes, in either direction', () => {
  const premise = '1기는 한국에 정식으로 방영되지 않았으며 학생회 임원들이 이번에 정식 방영하는 것은 처음이다.';
  assert.equal(check('1기는 한국에 정식으로 방영되었다.', premise)?.stance, 'refute');
  assert.equal(
    check('모링가의 잎은 음식으로 먹을 수 없다.', '모링가의 잎과 과일, 꽃 등을 음식으로 먹을 수 있다.')?.stance,
    'refute',
  );
  // A negation of another verb in the same sentence is not a contradiction of this one.
  assert.notEqual(
    check(
      '9월 중순 이후 군락은 애벌레 양육에 집중한다.',
      '9월 중순 이후 어미 여왕벌은 알을 더 이상 낳지 않으며, 군락은 애벌레 양육에 집중한다.',
    )?.stance,
    'refute',
  );
  // A rumour the evidence calls baseless.
  assert.equal(
    check(
      '2003년 변정수 씨가 교통사고로 죽었다.',
      '2003년 변정수 씨가 교통사고로 죽었다는 이야기가 돌았지만 사실무근이었다.',
    )?.stance,
    'refute',
  );
});

test('antonyms refute', () => {
  assert.equal(check('올해 수출은 작년보다 10% 감소했다.', '올해 수출은 작년보다 10% 증가했다.')?.stance, 'refute');
  assert.equal(check('국회는 법안을 찬성 다수로 부결했다.', '국회는 법안을 찬성 다수로 가결했다.')?.stance, 'refute');
  assert.equal(
    check(
      '이러한 제약에도 고체연료 발사체를 개발할 수 있었다.',
      '이러한 제약 아래서 의미있는 고체연료 발사체를 개발하기는 사실상 불가능했다.',
    )?.stance,
    'refute',
  );
});

test('a member of a contrast set swapped for another refutes (country, school, time of day)', () => {
  const f = check(
    '렉스 극장은 미국에 있는 극장이다.',
    '1941년 4월 16일, 보울리와 메세네는 영국 하이위컴에 있는 렉스 극장에서 공연을 마쳤다.',
  );
  assert.equal(f?.stance, 'refute');
  assert.match(f?.reasons.join(' ') ?? '', /다른 대상: 주장 '미국', 근거 '영국'/);
  assert.equal(
    check(
      '라이트 터너는 시애틀의 대학교에 다닌다.',
      '미국 시애틀의 한 고등학교에 다니는 남학생 라이트 터너는 노트를 줍는다.',
    )?.stance,
    'refute',
  );
  // 스무살 (20) against 10살.
  assert.equal(
    check('소년 엘리엇은 스무살이다.', '샌퍼넌도밸리에 사는 10살짜리 소년 엘리엇은 외로운 삶을 보내고 있다.')?.stance,
    'refute',
  );
});

test('a name the evidence does not have, swapped roles and exclusivity are never support', () => {
  const premise =
    '1636년 병자호란 당시 남한산성에 피난하게 된 조선 인조는 사방이 청군에 포위되어 고립무원의 처지에 놓인다.';
  assert.equal(
    check('1636년 병자호란 당시 인조는 한양에서 청군에게 포위되어 고립무원의 처지에 놓인다.', premise),
    null,
  );
  assert.equal(
    check(
      '1934년 7월 오카다 게이스케 내각을 이어 사이토 내각이 출범했다.',
      '1934년 7월, 사이토 내각을 이어 출범한 오카다 게이스케 내각은 저항에 부딪쳤다.',
    )?.stance === 'support',
    false,
  );
  assert.notEqual(
    check('이번 교육은 학부모만 참여했다.', '이번 교육에는 어린이 400명, 학부모 94명, 선생님 18명이 참여했다.')?.stance,
    'support',
  );
});

test('unrelated or thin evidence is neutral', () => {
  assert.equal(check('삼성전자가 2024년 1분기 영업이익 6조원을 기록했다', '서울의 날씨는 오늘 맑겠습니다.'), null);
  assert.equal(
    check(
      '손님들은 톤토에서 완전히 내리게 된다.',
      '1880년, 역마차를 타고 뉴멕시코의 로즈버그로 가려 하는 손님들은 잠시 애리조나의 톤토에 멈추게 된다.',
    ),
    null,
  );
  assert.equal(check('좋다', '좋다'), null);
});
