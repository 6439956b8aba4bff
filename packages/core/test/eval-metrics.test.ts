import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { UserError } from '@olala/core';
import { parseEvalItems } from '../src/eval/items.js';
import { computeMetrics, confidenceFloor, percentile, type EvalResult } from '../src/eval/metrics.js';
import { evidenceHit } from '../src/eval/run.js';
import { answerStatement, falseSiblings, korquadStatements, questionToStatement } from '../src/eval/sources.js';
import {
  calibrate,
  calibrateByKind,
  fitByKind,
  fitCalibration,
  readCalibration,
  rulesCalibration,
  type KindSample,
} from '../src/pipeline/calibration.js';

const r = (
  gold: EvalResult['gold'],
  label: string,
  confidence = 0.5,
  ms = 10,
  evidence_hit: boolean | null = null,
): EvalResult => ({ gold, label, confidence, ms, evidence_hit });

test('precision, recall, unsafe rate and decided-right on a hand-made set', () => {
  // 4 gold TRUE, 4 gold FALSE, 2 gold UNVERIFIED.
  const results = [
    r('TRUE', 'TRUE'),
    r('TRUE', 'TRUE'),
    r('TRUE', 'UNVERIFIED'),
    r('TRUE', 'FALSE'),
    r('FALSE', 'FALSE'),
    r('FALSE', 'TRUE'),
    r('FALSE', 'MIXED'),
    r('FALSE', 'REFUSED'),
    r('UNVERIFIED', 'UNVERIFIED'),
    r('UNVERIFIED', 'TRUE'),
  ];
  const m = computeMetrics(results);
  assert.equal(m.n, 10);
  // TRUE answered 4 times, 2 right; 2 of 4 gold TRUE found.
  assert.deepEqual(m.per_label.TRUE, { gold: 4, predicted: 4, correct: 2, precision: 0.5, recall: 0.5 });
  assert.deepEqual(m.per_label.FALSE, { gold: 4, predicted: 2, correct: 1, precision: 0.5, recall: 0.25 });
  // MIXED and REFUSED count as UNVERIFIED: 4 such answers, 1 right.
  assert.deepEqual(m.per_label.UNVERIFIED, { gold: 2, predicted: 4, correct: 1, precision: 0.25, recall: 0.5 });
  assert.equal(m.unsafe, 1);
  assert.equal(m.unsafe_rate, 0.25);
  assert.equal(m.decided, 6);
  assert.equal(m.decided_right, 0.3);
  assert.equal(m.accuracy, 0.4);
  // F1: TRUE 0.5, FALSE 2·0.5·0.25/0.75 = 1/3, UNVERIFIED 2·0.25·0.5/0.75 = 1/3 → mean 0.3889.
  assert.equal(m.macro_f1, 0.3889);
  assert.deepEqual(m.labels, { TRUE: 4, UNVERIFIED: 2, FALSE: 2, MIXED: 1, REFUSED: 1 });
});

test('no gold FALSE: the unsafe rate is null, not zero; an unanswered label has no precision', () => {
  const m = computeMetrics([r('TRUE', 'UNVERIFIED')]);
  assert.equal(m.unsafe_rate, null);
  assert.equal(m.per_label.TRUE.precision, null);
  assert.equal(m.per_label.TRUE.recall, 0);
  assert.equal(m.ece, null);
});

test('ECE and the reliability table over decided answers only', () => {
  // Bin 0.9–1.0: two answers at 0.9, one right → |0.5 − 0.9| = 0.4.
  // Bin 0.6–0.7: two answers at 0.6, both right → |1 − 0.6| = 0.4 … and one at 0.65, wrong.
  const results = [
    r('TRUE', 'TRUE', 0.9),
    r('FALSE', 'TRUE', 0.9),
    r('FALSE', 'FALSE', 0.6),
    r('TRUE', 'TRUE', 0.6),
    r('TRUE', 'FALSE', 0.65),
    r('TRUE', 'UNVERIFIED', 0.2), // not a decision: in no bin
  ];
  const m = computeMetrics(results);
  const bin6 = m.reliability[6]!;
  const bin9 = m.reliability[9]!;
  assert.deepEqual(bin9, { lo: 0.9, hi: 1, count: 2, mean_confidence: 0.9, accuracy: 0.5 });
  assert.equal(bin6.count, 3);
  assert.equal(bin6.mean_confidence, 0.6167);
  assert.equal(bin6.accuracy, 0.6667);
  assert.equal(m.reliability[2]!.count, 0);
  // (2/5)·0.4 + (3/5)·|0.6667 − 0.6167| = 0.16 + 0.03 = 0.19
  assert.equal(m.ece, 0.19);
  // A confidence of exactly 1 lands in the last bin.
  assert.equal(computeMetrics([r('TRUE', 'TRUE', 1)]).reliability[9]!.count, 1);
});

test('evidence hit counts only items that name a passage; latency is the nearest-rank percentile', () => {
  const m = computeMetrics([
    r('TRUE', 'TRUE', 0.5, 10, true),
    r('TRUE', 'TRUE', 0.5, 20, false),
    r('TRUE', 'TRUE', 0.5, 30, null),
    r('TRUE', 'TRUE', 0.5, 40, true),
  ]);
  assert.equal(m.evidence_items, 3);
  assert.equal(m.evidence_hit, 0.6667);
  assert.equal(m.latency_p50_ms, 20);
  assert.equal(m.latency_p95_ms, 40);
  assert.equal(percentile([], 50), null);
});

test('confidence floor: the lowest confidence whose answers at or above it reach the precision', () => {
  const results = [
    r('TRUE', 'TRUE', 0.9),
    r('TRUE', 'TRUE', 0.8),
    r('FALSE', 'TRUE', 0.7),
    r('TRUE', 'TRUE', 0.6),
    r('FALSE', 'FALSE', 0.5),
  ];
  // ≥ 0.8: 2/2; ≥ 0.7: 2/3; ≥ 0.6: 3/4; ≥ 0.5: 4/5 = 0.8.
  assert.deepEqual(confidenceFloor(results, 0.9), { min_confidence: 0.8, precision: 1, kept: 2 });
  assert.deepEqual(confidenceFloor(results, 0.8), { min_confidence: 0.5, precision: 0.8, kept: 5 });
  assert.deepEqual(confidenceFloor(results, 0.9, 'FALSE'), { min_confidence: 0.5, precision: 1, kept: 1 });
  // Ties go together: a wrong answer at 0.8 beside a right one gives no floor at 0.8.
  assert.equal(confidenceFloor([r('TRUE', 'TRUE', 0.8), r('FALSE', 'TRUE', 0.8)], 0.9), null);
});

test('calibration: isotonic steps per label, monotone, and small steps merged', () => {
  const samples = [
    ...Array.from({ length: 20 }, (_, i) => ({ label: 'TRUE', confidence: 0.4, correct: i < 10 })),
    ...Array.from({ length: 20 }, (_, i) => ({ label: 'TRUE', confidence: 0.7, correct: i < 18 })),
    // A violator: higher raw, lower accuracy → pooled with the step below.
    ...Array.from({ length: 20 }, (_, i) => ({ label: 'TRUE', confidence: 0.8, correct: i < 16 })),
    { label: 'FALSE', confidence: 0.6, correct: true },
    { label: 'UNVERIFIED', confidence: 0.2, correct: false },
  ];
  const table = fitCalibration(samples, { models: 'rules', fitted_on: 'test', minCount: 5 });
  assert.deepEqual(table.steps.TRUE, [
    { max_raw: 0.4, calibrated: 0.5, count: 20 },
    { max_raw: 0.8, calibrated: 0.85, count: 40 },
  ]);
  assert.equal(calibrate(table, 'TRUE', 0.3), 0.5);
  assert.equal(calibrate(table, 'TRUE', 0.75), 0.85);
  assert.equal(calibrate(table, 'TRUE', 0.95), 0.85);
  // One FALSE answer is below minCount but is the only step: kept.
  assert.deepEqual(table.steps.FALSE, [{ max_raw: 0.6, calibrated: 1, count: 1 }]);
  // Labels the table does not cover keep their raw confidence.
  assert.equal(calibrate(table, 'UNVERIFIED', 0.2), 0.2);
  assert.equal(calibrate(table, 'MIXED', 0.55), 0.55);
});

test('the JSONL validator names file, line, field and reason for every bad line', () => {
  const lines = [
    '{"claim": "화성은 태양계의 4번째 행성이다.", "gold": "TRUE"}',
    '',
    '{"claim": "", "gold": "TRUE"}',
    '{"claim": "지구는 평평하다.", "gold": "maybe"}',
    'not json',
    '{"claim": "달은 위성이다.", "gold": true, "evidance": "x"}',
    '{"claim": "a\\u0000b", "gold": false}',
    `{"claim": "x", "gold": "FALSE", "evidence": "${'가'.repeat(20_001)}"}`,
  ];
  assert.throws(
    () => parseEvalItems(lines.join('\n'), 'set.jsonl'),
    (err: Error) => {
      assert.ok(err instanceof UserError);
      assert.match(err.message, /^6 invalid lines/);
      assert.match(err.message, /^set\.jsonl:3: claim: empty$/m);
      assert.match(err.message, /^set\.jsonl:4: gold: expected TRUE, FALSE, UNVERIFIED, true or false, got "maybe"$/m);
      assert.match(err.message, /^set\.jsonl:5: \(line\): not JSON/m);
      assert.match(err.message, /^set\.jsonl:6: evidance: unknown field/m);
      assert.match(err.message, /^set\.jsonl:7: claim: contains a control character$/m);
      assert.match(err.message, /^set\.jsonl:8: evidence: longer than 20000 characters/m);
      assert.doesNotMatch(err.message, /set\.jsonl:1:/);
      return true;
    },
  );
  const items = parseEvalItems(
    '{"claim": " 달은 위성이다. ", "gold": true, "id": 7}\n{"claim": "x", "gold": "unverified", "evidence": "달"}\n',
    'ok.jsonl',
  );
  assert.deepEqual(items, [
    { claim: '달은 위성이다.', gold: 'TRUE', id: '7' },
    { claim: 'x', gold: 'UNVERIFIED', evidence: '달' },
  ]);
  assert.throws(() => parseEvalItems('\n\n', 'empty.jsonl'), /empty\.jsonl: no items/);
});

test('BoolQ questions become the statements they ask about', () => {
  const cases: [string, string][] = [
    ['봉룡은 숙정을 죽였는가?', '봉룡은 숙정을 죽였다.'],
    ['체스에서 체크를 선언하는 것이 필수인가요?', '체스에서 체크를 선언하는 것이 필수이다.'],
    ['스모그는 대도시에서 많이 발생하나요?', '스모그는 대도시에서 많이 발생한다.'],
    ['고는 허리끈을 사용해 입나요?', '고는 허리끈을 사용해 입는다.'],
    ['우리 몸에 흡수된 철은 배설되지 않는가?', '우리 몸에 흡수된 철은 배설되지 않는다.'],
    ['하이킹은 노인에게 위험한가요?', '하이킹은 노인에게 위험하다.'],
    ['이 영화는 실화를 바탕으로 만들어졌습니까?', '이 영화는 실화를 바탕으로 만들어졌습니다.'],
    ['그 길은 어려운가요?', '그 길은 어렵다.'],
    ['코끼리는 큰가?', '코끼리는 크다.'],
    ['뉴멕시코에는 주 소득세가 있을까?', '뉴멕시코에는 주 소득세가 있다.'],
    ['그레고리력에 0년이 존재하는가', '그레고리력에 0년이 존재한다.'],
    ['세르비아 사람들은 빵을 즐겨 먹는다.', '세르비아 사람들은 빵을 즐겨 먹는다.'],
  ];
  for (const [question, statement] of cases) assert.equal(questionToStatement(question), statement, question);
  assert.equal(questionToStatement('왜 그럴까요?!'), null);
});

test('KorQuAD questions restated with an answer, and with another answer of the paragraph for a false one', () => {
  assert.equal(
    answerStatement('임종석이 지명수배 된 날은?', '1989년 2월 15일'),
    '임종석이 지명수배 된 날은 1989년 2월 15일이다.',
  );
  assert.equal(
    answerStatement('평양축전에 파견 된 인물은 누구인가?', '임수경'),
    '평양축전에 파견 된 인물은 임수경이다.',
  );
  assert.equal(answerStatement('승부의 결과는 무엇인가?', '무승부'), '승부의 결과는 무승부다.');
  // No topic to restate: left out.
  assert.equal(answerStatement('임수경은 어디에 파견되었나?', '평양'), null);
  const json = {
    data: [
      { title: 'a', paragraphs: [] },
      {
        title: 'b',
        paragraphs: [
          {
            context: '1989년 2월 15일\u200e 임종석이 수배되었고, 6월 30일 임수경이 평양에 갔다.',
            qas: [
              { id: 'q1', question: '임종석이 수배된 날은?', answers: [{ text: '1989년 2월 15일' }] },
              { id: 'q2', question: '평양에 간 사람은 누구인가?', answers: [{ text: '임수경' }] },
              { id: 'q3', question: '임수경이 평양에 간 날은?', answers: [{ text: '6월 30일' }] },
            ],
          },
        ],
      },
    ],
  };
  const out = korquadStatements(json);
  assert.deepEqual(
    out.map((x) => [x.article, x.item.gold, x.item.claim]),
    [
      [1, 'TRUE', '임종석이 수배된 날은 1989년 2월 15일이다.'],
      // Another date of the paragraph, not a name.
      [1, 'FALSE', '임종석이 수배된 날은 6월 30일이다.'],
      [1, 'TRUE', '평양에 간 사람은 임수경이다.'],
      [1, 'TRUE', '임수경이 평양에 간 날은 6월 30일이다.'],
      [1, 'FALSE', '임수경이 평양에 간 날은 1989년 2월 15일이다.'],
    ],
  );
  // The passage loses what eval items refuse (U+200E), keeps its text.
  assert.equal(out[0]!.item.evidence, '1989년 2월 15일  임종석이 수배되었고, 6월 30일 임수경이 평양에 갔다.');
});

test('evidence hit: the passage page among the references, or a title or quote of the passage', () => {
  const passage = '화성은 태양계의 4번째 행성이다. 붉은 빛을 띤다.';
  // Set wiki: chunk ids are page_id · 100000 + idx.
  assert.equal(evidenceHit({ evidence: passage }, [{ chunk_id: 300_001 }], 3), true);
  assert.equal(evidenceHit({ evidence: passage }, [{ chunk_id: 200_000 }], 3), false);
  assert.equal(evidenceHit({ evidence: passage }, [{ quote: '붉은  빛을 띤다' }]), true);
  assert.equal(evidenceHit({ evidence: '화성' }, [{ title: '화성', quote: '다른 글' }]), true);
  assert.equal(evidenceHit({ evidence: '화성' }, [{ title: '금성', quote: '금성은 행성이다' }]), false);
  assert.equal(evidenceHit({}, [{ title: '화성' }]), null);
});

test('the bundled rules table is valid and monotone per label', () => {
  const table = rulesCalibration();
  assert.equal(table.models, 'rules');
  for (const label of ['TRUE', 'FALSE'] as const) {
    const steps = table.steps[label];
    assert.ok(steps.length > 0, label);
    for (let i = 1; i < steps.length; i++) {
      assert.ok(steps[i]!.max_raw > steps[i - 1]!.max_raw);
      assert.ok(steps[i]!.calibrated >= steps[i - 1]!.calibrated);
    }
  }
});

test('calibration by kind: each cell shrunk toward its parent (kind/bucket → kind → label), thin cells left out', () => {
  const many = (n: number, right: number, s: Omit<KindSample, 'correct'>): KindSample[] =>
    Array.from({ length: n }, (_, i) => ({ ...s, correct: i < right }));
  const samples = [
    ...many(40, 38, { label: 'FALSE', kind: 'negation', bucket: 'tight' }),
    ...many(40, 30, { label: 'FALSE', kind: 'negation', bucket: 'loose' }),
    ...many(10, 10, { label: 'FALSE', kind: 'relation', bucket: 'tight' }),
    ...many(5, 5, { label: 'FALSE', kind: 'ordinal', bucket: 'mid' }),
    ...many(30, 24, { label: 'TRUE', kind: 'full', bucket: 'mid' }),
    ...many(20, 0, { label: 'UNVERIFIED', kind: 'full', bucket: 'mid' }),
  ];
  const table = fitByKind(samples, { fitted_on: 'hand-made', minCount: 10, prior: 10 });
  const cells = table.labels.FALSE.cells;
  assert.deepEqual(table.labels.FALSE.overall, { precision: 0.874, count: 95, right: 83 });
  // (68 + 10 × 0.874) / (80 + 10), then (38 + 10 × 0.853) / (40 + 10).
  assert.deepEqual(cells['negation'], { precision: 0.853, count: 80, right: 68 });
  assert.deepEqual(cells['negation/tight'], { precision: 0.931, count: 40, right: 38 });
  assert.deepEqual(cells['negation/loose'], { precision: 0.771, count: 40, right: 30 });
  // Ten right of ten is not 1.0: (10 + 10 × 0.874) / 20, then toward that.
  assert.deepEqual(cells['relation'], { precision: 0.937, count: 10, right: 10 });
  assert.deepEqual(cells['relation/tight'], { precision: 0.969, count: 10, right: 10 });
  assert.equal(cells['ordinal'], undefined);
  assert.equal(
    Object.keys(cells).some((k) => k.startsWith('*')),
    false,
  );
  // Its own cell, then its kind, then the label.
  assert.equal(calibrateByKind(table, 'FALSE', 'negation', 'tight'), 0.931);
  assert.equal(calibrateByKind(table, 'FALSE', 'negation', 'mid'), 0.853);
  assert.equal(calibrateByKind(table, 'FALSE', 'ordinal', 'mid'), 0.874);
  assert.equal(calibrateByKind(table, 'TRUE', 'full', 'mid'), 0.8);
  assert.equal(calibrateByKind(table, 'TRUE', 'stated', 'tight'), 0.8);
  assert.equal(calibrateByKind(table, 'UNVERIFIED', 'full', 'mid'), null);
  // Without the prior, the raw shares.
  assert.equal(
    fitByKind(samples, { fitted_on: 'hand-made', minCount: 10, prior: 0 }).labels.FALSE.cells['negation/tight']
      ?.precision,
    0.95,
  );
});

test('calibration by kind: a closer reading is never rated under a looser one of the same kind (buckets pooled where they fall)', () => {
  const many = (n: number, right: number, bucket: string): KindSample[] =>
    Array.from({ length: n }, (_, i) => ({ label: 'FALSE', kind: 'negated-predicate', bucket, correct: i < right }));
  const fit = (samples: KindSample[]) =>
    fitByKind(samples, { fitted_on: 'hand-made', minCount: 10, prior: 0 }).labels.FALSE.cells;
  // A thin tight cell that fell under the looser ones by chance takes their pooled rate: 48 of 51.
  const fell = fit([...many(25, 24, 'loose'), ...many(16, 16, 'mid'), ...many(10, 8, 'tight')]);
  assert.equal(fell['negated-predicate/loose']?.precision, 0.941);
  assert.equal(fell['negated-predicate/mid']?.precision, 0.941);
  assert.deepEqual(fell['negated-predicate/tight'], { precision: 0.941, count: 10, right: 8 });
  // Rising cells stay apart; a bucket too thin for a cell of its own still pulls its neighbour.
  const rose = fit([...many(20, 16, 'loose'), ...many(20, 19, 'mid'), ...many(4, 2, 'tight')]);
  assert.equal(rose['negated-predicate/loose']?.precision, 0.8);
  assert.equal(rose['negated-predicate/mid']?.precision, 0.875);
  assert.equal(rose['negated-predicate/tight'], undefined);
});

test('the bundled rules table has a by-kind level that its reader accepts, and a broken one is refused', () => {
  const byKind = rulesCalibration().by_kind;
  assert.ok(byKind && byKind.min_count >= 10 && (byKind.prior ?? 0) >= 10);
  for (const label of ['TRUE', 'FALSE'] as const) {
    for (const cell of Object.values(byKind.labels[label].cells)) assert.ok(cell.count >= byKind.min_count);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'olala-cal-'));
  const file = path.join(dir, 't.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      ...rulesCalibration(),
      by_kind: { min_count: 30, labels: { TRUE: { overall: { precision: 2, count: 1 }, cells: {} } } },
    }),
  );
  assert.throws(() => readCalibration(file), /not a calibration table/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('falseSiblings: a true sentence made false each way that applies, as a fake would', () => {
  assert.deepEqual(falseSiblings('삼성전자는 1969년에 설립된 대한민국의 기업이다.', '삼성전자'), [
    ['year', '삼성전자는 1972년에 설립된 대한민국의 기업이다.'],
    ['denied', '삼성전자는 1969년에 설립된 대한민국의 기업이 아니다.'],
    ['country', '삼성전자는 1969년에 설립된 미국의 기업이다.'],
  ]);
  // 가 after a vowel; a verb denied in its tense; a count moved; a year near today moved back.
  assert.deepEqual(falseSiblings('독도는 91개의 섬으로 이루어진 섬이다.', '독도')[0], [
    'count',
    '독도는 93개의 섬으로 이루어진 섬이다.',
  ]);
  assert.deepEqual(falseSiblings('서울은 한강이 흐르는 도시이다.', '서울'), [
    ['denied', '서울은 한강이 흐르는 도시가 아니다.'],
  ]);
  assert.deepEqual(falseSiblings('그는 2021년에 은퇴하였다.', '그'), [
    ['year', '그는 2018년에 은퇴하였다.'],
    ['denied', '그는 2021년에 은퇴하지 않았다.'],
  ]);
  // A country in the page's own name stays; a sentence none applies to has no sibling.
  assert.deepEqual(falseSiblings('대한민국 국회는 입법부이다.', '대한민국 국회'), [
    ['denied', '대한민국 국회는 입법부가 아니다.'],
  ]);
  assert.deepEqual(falseSiblings('물은 맑다.', '물'), []);
});
