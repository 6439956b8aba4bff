import type { VerdictLabel } from '@olala/contract/truth';
import { VERDICT_CHIP_TEXT, VERDICT_COLOURS, VERDICT_NAMES, type Theme } from '@olala/contract/verdicts';

const HEADLINES: Record<VerdictLabel, string> = {
  TRUE: '사실로 확인됐어요',
  FALSE: '사실이 아니에요',
  MIXED: '일부만 사실이에요',
  UNVERIFIED: '근거가 부족해 판단을 보류했어요',
  REFUSED: '검증할 수 없는 입력이에요',
};

const LABELS = Object.keys(VERDICT_NAMES) as VerdictLabel[];

/**
 * How each verdict is named and coloured, everywhere it is shown (screens, lists, share card):
 * the contract's names and light-theme colours (the canvas and charts draw in that theme).
 */
export const VERDICTS = Object.fromEntries(
  LABELS.map((l) => [
    l,
    { text: VERDICT_NAMES[l], tone: l.toLowerCase(), colour: VERDICT_COLOURS[l].light, headline: HEADLINES[l] },
  ]),
) as Record<VerdictLabel, { text: string; tone: string; colour: string; headline: string }>;

/**
 * The stylesheet's verdict variables (`--true` … `--refused`, and `--on-verdict` for a chip's
 * text) for both themes, from the contract, so app.css never repeats a colour.
 */
export function verdictColourCss(): string {
  const vars = (theme: Theme) =>
    [
      ...LABELS.map((l) => `--${l.toLowerCase()}: ${VERDICT_COLOURS[l][theme]};`),
      `--on-verdict: ${VERDICT_CHIP_TEXT[theme]};`,
    ].join(' ');
  return `:root { ${vars('light')} }\n:root[data-theme='dark'] { ${vars('dark')} }`;
}

/** Puts `verdictColourCss()` in the page's head once, before the app renders. */
export function applyVerdictColours(doc: Document = document): void {
  const id = 'verdict-colours';
  const style = doc.getElementById(id) ?? doc.head.appendChild(Object.assign(doc.createElement('style'), { id }));
  style.textContent = verdictColourCss();
}

export function verdictOf(label: string) {
  return VERDICTS[label as VerdictLabel] ?? VERDICTS.UNVERIFIED;
}

/** The line under the confidence bar. */
export function confidenceHint(label: string, confidence: number): string {
  if (label === 'UNVERIFIED' || label === 'REFUSED') return '판정을 내리지 않아 신뢰도는 참고용이에요.';
  if (confidence >= 0.85) return '근거가 분명해 신뢰도가 높아요.';
  if (confidence >= 0.65) return '어느 정도 믿을 만하지만 원문도 확인해 보세요.';
  return '신뢰도가 낮아요. 다른 자료도 꼭 확인해 보세요.';
}

export const percent = (x: number) => `${Math.round(Math.max(0, Math.min(1, x)) * 100)}%`;

export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
