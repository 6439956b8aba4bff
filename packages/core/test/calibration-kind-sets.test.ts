import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  calibrateByKind,
  fitByKind,
  MAX_FITTED_PRECISION,
  MIN_DECIDED_PRECISION,
  rulesCalibration,
  type KindSample,
} from '../src/pipeline/calibration.js';

const many = (n: number, right: number, s: Omit<KindSample, 'correct'>): KindSample[] =>
  Array.from({ length: n }, (_, i) => ({ ...s, correct: i < right }));

test('a set built for one kind (overall: false) fills its kind’s cells and moves no other kind’s prior', () => {
  const general = [
    ...many(40, 34, { label: 'FALSE', kind: 'negation', bucket: 'loose' }),
    ...many(20, 18, { label: 'FALSE', kind: 'date', bucket: 'mid' }),
  ];
  const relationSet = many(200, 190, { label: 'FALSE', kind: 'relation', bucket: 'loose', overall: false });
  const alone = fitByKind(general, { fitted_on: 'general' });
  const both = fitByKind([...general, ...relationSet], { fitted_on: 'general + relation set' });
  // The overall rate is the general samples' alone: 52 right of 60.
  assert.deepEqual(both.labels.FALSE.overall, alone.labels.FALSE.overall);
  assert.deepEqual(both.labels.FALSE.overall, { precision: 0.867, count: 60, right: 52 });
  // Every other cell is the same as without the set.
  for (const key of Object.keys(alone.labels.FALSE.cells))
    assert.deepEqual(both.labels.FALSE.cells[key], alone.labels.FALSE.cells[key], key);
  // The set's own cell: (190 + 10 × 0.867) / 210, so it decides.
  assert.deepEqual(both.labels.FALSE.cells['relation'], { precision: 0.946, count: 200, right: 190 });
  assert.ok((calibrateByKind(both, 'FALSE', 'relation', 'loose') ?? 0) >= MIN_DECIDED_PRECISION);
  // Mixed in as general samples instead, the same answers would have moved the overall rate.
  const mixed = fitByKind([...general, ...relationSet.map((s) => ({ ...s, overall: true }))], { fitted_on: 'mixed' });
  assert.notDeepEqual(mixed.labels.FALSE.overall, alone.labels.FALSE.overall);
});

test('a fitted cell never shows certainty: all right answers stop at 0.999', () => {
  const table = fitByKind(
    many(172, 172, { label: 'TRUE', kind: 'relation', bucket: 'loose', overall: false }).concat(
      many(50, 49, { label: 'TRUE', kind: 'stated', bucket: 'mid' }),
    ),
    { fitted_on: 'all right' },
  );
  assert.equal(table.labels.TRUE.cells['relation/loose']?.precision, MAX_FITTED_PRECISION);
  assert.ok((table.labels.TRUE.cells['relation']?.precision ?? 1) < 1);
  // The bundled table keeps to it, and its relation cells are those the kowiki set measured.
  const bundled = rulesCalibration().by_kind!;
  for (const label of ['TRUE', 'FALSE'] as const)
    for (const cell of Object.values(bundled.labels[label].cells)) assert.ok(cell.precision <= MAX_FITTED_PRECISION);
  assert.ok((calibrateByKind(bundled, 'FALSE', 'relation') ?? 0) >= MIN_DECIDED_PRECISION);
  assert.ok((calibrateByKind(bundled, 'FALSE', 'relation-place') ?? 1) < MIN_DECIDED_PRECISION);
  assert.ok((bundled.labels.FALSE.cells['relation']?.count ?? 0) >= 30);
});
