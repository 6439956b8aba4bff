import type { VerdictLabel } from '@olala/contract/truth';

/** How each verdict is named and coloured, everywhere it is shown (screens, lists, share card). */
export const VERDICTS: Record<VerdictLabel, { text: string; tone: string; colour: string; headline: string }> = {
  TRUE: { text: '사실', tone: 'true', colour: '#15803d', headline: '사실로 확인됐어요' },
  FALSE: { text: '거짓', tone: 'false', colour: '#b91c1c', headline: '사실이 아니에요' },
  MIXED: { text: '일부 사실', tone: 'mixed', colour: '#b45309', headline: '일부만 사실이에요' },
  UNVERIFIED: { text: '판단 보류', tone: 'unverified', colour: '#4b5563', headline: '근거가 부족해 판단을 보류했어요' },
  REFUSED: { text: '검증 불가', tone: 'refused', colour: '#6b21a8', headline: '검증할 수 없는 입력이에요' },
};

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
