import {
  VERDICT_LABELS,
  type ArticleClaim,
  type ArticleSkipped,
  type ArticleSummary,
  type VerdictLabel,
} from '@olala/contract';

const LABEL_KO: Record<VerdictLabel, string> = {
  TRUE: '사실',
  FALSE: '거짓',
  MIXED: '일부 사실',
  UNVERIFIED: '판단 보류',
  REFUSED: '검증 불가',
};

/** The main claim's verdict as the end of a sentence. */
const VERDICT_PHRASE: Record<VerdictLabel, string> = {
  TRUE: '사실로 판정되었습니다',
  FALSE: '거짓으로 판정되었습니다',
  MIXED: '일부 사실로 판정되었습니다',
  UNVERIFIED: '근거가 부족해 판단을 보류했습니다',
  REFUSED: '사실 여부를 판정할 수 없는 주장입니다',
};

/** 은/는 after the last syllable of `word` (받침 or not); quotes and brackets are looked through. */
function topic(word: string): string {
  const bare = word.replace(/[\s"'”’」』)\].]+$/, '');
  const last = bare.charCodeAt(bare.length - 1);
  const batchim = last >= 0xac00 && last <= 0xd7a3 ? (last - 0xac00) % 28 !== 0 : /[136780lmn]$/i.test(bare);
  return batchim ? '은' : '는';
}

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * Counts per label and the overview: a fixed Korean template, so the same claims always give
 * the same paragraph and no model can say more than the checks found.
 */
export function summarize(
  claims: readonly ArticleClaim[],
  skipped: readonly ArticleSkipped[],
  decomposition: ArticleSummary['decomposition'],
): ArticleSummary {
  const counts = Object.fromEntries(VERDICT_LABELS.map((l) => [l, 0])) as Record<VerdictLabel, number>;
  let failed = 0;
  for (const c of claims) {
    if (c.result) counts[c.result.label]++;
    else failed++;
  }
  const main = claims.find((c) => c.main) ?? null;
  const sentences: string[] = [];
  if (claims.length === 0) {
    sentences.push('이 글에서 사실 여부를 확인할 수 있는 주장을 찾지 못했습니다.');
  } else {
    const parts = VERDICT_LABELS.filter((l) => counts[l] > 0).map((l) => `${LABEL_KO[l]} ${counts[l]}개`);
    if (failed > 0) parts.push(`확인 실패 ${failed}개`);
    sentences.push(`이 글에서 확인할 만한 주장 ${claims.length}개를 찾아 각각 검증했습니다(${parts.join(', ')}).`);
    if (main) {
      const quoted = `‘${clip(main.text.replace(/[.。]\s*$/, ''), 60)}’`;
      sentences.push(
        main.result
          ? `핵심 주장 ${quoted}${topic(quoted)} ${VERDICT_PHRASE[main.result.label]}.`
          : `핵심 주장 ${quoted}${topic(quoted)} 확인하지 못했습니다.`,
      );
    }
    const refuted = counts.FALSE + counts.MIXED;
    if (refuted > 0) sentences.push(`근거와 어긋나는 주장이 ${refuted}개 있으니 해당 부분을 주의해서 읽어 주세요.`);
  }
  const notChecked = skipped.filter((s) => s.reason !== 'over_limit').length;
  const overLimit = skipped.length - notChecked;
  if (notChecked > 0)
    sentences.push(`의견·질문·예측이거나 막연하거나 중복된 문장 ${notChecked}개는 검증하지 않았습니다.`);
  if (overLimit > 0) sentences.push(`확인할 만한 주장 ${overLimit}개는 검증 개수 제한으로 제외했습니다.`);
  return { counts, failed, main_claim_id: main?.id ?? null, overview: sentences.join(' '), decomposition };
}
