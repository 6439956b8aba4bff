import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VERDICT_LABELS } from '@olala/contract/truth';
import { VERDICT_CHIP_TEXT, VERDICT_COLOURS, VERDICT_NAMES } from '@olala/contract/verdicts';

/** WCAG 2 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

test('the contrast formula gives the known extremes', () => {
  assert.equal(contrast('#ffffff', '#000000'), 21);
  assert.equal(contrast('#777777', '#777777'), 1);
});

test('every verdict has a Korean name and, in both themes, a chip colour its text reads on at WCAG AA (4.5:1)', () => {
  assert.deepEqual(Object.keys(VERDICT_NAMES).sort(), [...VERDICT_LABELS].sort());
  assert.equal(new Set(Object.values(VERDICT_NAMES)).size, VERDICT_LABELS.length, 'names are distinct');
  for (const label of VERDICT_LABELS) {
    for (const theme of ['light', 'dark'] as const) {
      const colour = VERDICT_COLOURS[label][theme];
      assert.match(colour, /^#[0-9a-f]{6}$/);
      const ratio = contrast(colour, VERDICT_CHIP_TEXT[theme]);
      assert.ok(ratio >= 4.5, `${label} (${theme}): ${ratio.toFixed(2)}:1`);
    }
  }
});
