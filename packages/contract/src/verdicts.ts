import type { VerdictLabel } from './truth.js';

/**
 * How a verdict is named and coloured wherever a person sees it: the app (pills, cards, charts,
 * the share card), the share page `/r/:id` and 올라's chat notes. Type imports only, so the app
 * bundles this without the schema library.
 */
export const VERDICT_NAMES: Readonly<Record<VerdictLabel, string>> = {
  TRUE: '사실',
  FALSE: '거짓',
  MIXED: '일부 사실',
  UNVERIFIED: '판단 보류',
  REFUSED: '검증 불가',
};

export type Theme = 'light' | 'dark';

/**
 * A verdict's colour per theme: the chip's background (with `VERDICT_CHIP_TEXT` on it), also
 * used for bars and borders. Each pair meets WCAG AA for normal text (4.5:1); a test checks it.
 */
export const VERDICT_COLOURS: Readonly<Record<VerdictLabel, Readonly<Record<Theme, string>>>> = {
  TRUE: { light: '#15803d', dark: '#4ade80' },
  FALSE: { light: '#b91c1c', dark: '#f87171' },
  MIXED: { light: '#b45309', dark: '#fbbf24' },
  UNVERIFIED: { light: '#4b5563', dark: '#b6bec9' },
  REFUSED: { light: '#6b21a8', dark: '#d8b4fe' },
};

/** The text on a verdict chip: white on the light theme's dark colours, near-black on the dark theme's light ones. */
export const VERDICT_CHIP_TEXT: Readonly<Record<Theme, string>> = { light: '#ffffff', dark: '#0b0d10' };
