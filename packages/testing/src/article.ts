import { randomUUID } from 'node:crypto';
import type { ArticleCheckResponse, ArticleClaim, TruthCheckResponse, VerdictLabel } from '@olala/contract';
import type { Db } from '@olala/core';
import { getAnalysis } from '@olala/core/analyses';
import { saveArticle } from '@olala/core/articles';
import { storeAnalysis } from './analysis.js';

export interface TestArticle {
  title?: string;
  url?: string | null;
  text?: string;
  published_at?: string | null;
  input_type?: 'url' | 'text' | 'image';
  /** Each claim's wording and label; `null` is a claim whose check failed. */
  claims: { text: string; label: VerdictLabel | null }[];
  created_at?: string;
  /** Whose History gets it. */
  userId?: string;
}

/**
 * A stored article run as the article check writes it — each claim an `analyses` row of its
 * own — without running the pipeline: for tests of what reads articles (History, Bookmarks,
 * the share page). The text is the claims joined, each claim's span its own sentence.
 */
export async function storeArticle(db: Db, a: TestArticle): Promise<ArticleCheckResponse> {
  const text = a.text ?? a.claims.map((c) => c.text).join(' ');
  const counts = { TRUE: 0, FALSE: 0, MIXED: 0, UNVERIFIED: 0, REFUSED: 0 } satisfies Record<VerdictLabel, number>;
  let failed = 0;
  const claims: ArticleClaim[] = [];
  for (const [i, c] of a.claims.entries()) {
    const start = Math.max(0, text.indexOf(c.text));
    let result: TruthCheckResponse | null = null;
    if (c.label) {
      counts[c.label]++;
      const id = await storeAnalysis(db, { claim: c.text, label: c.label, headline: `${c.label}: ${c.text}` });
      result = (await getAnalysis(db, id))!.result;
    } else failed++;
    claims.push({
      id: `c${i + 1}`,
      text: c.text,
      spans: [{ start, end: start + c.text.length }],
      checkworthiness: 0.8,
      type: '사건',
      main: i === 0,
      result,
      ...(c.label ? {} : { error: { code: 'CLAIM_FAILED', message: '이 주장을 확인하는 중 문제가 생겼습니다.' } }),
    });
  }
  const response: ArticleCheckResponse = {
    article_id: randomUUID(),
    created_at: a.created_at ?? new Date().toISOString(),
    status: 'complete',
    latency_ms: 5,
    model_info: { provider: 'none', model: 'olala-rules', version: '1' },
    article: { title: a.title ?? '', url: a.url ?? null, published_at: a.published_at ?? null, text },
    claims,
    skipped: [],
    summary: {
      counts,
      failed,
      main_claim_id: claims[0]?.id ?? null,
      overview: `주장 ${claims.length}개를 검증했습니다.`,
      decomposition: 'rules',
    },
  };
  await saveArticle(db, {
    response,
    input_type: a.input_type ?? (a.url ? 'url' : 'text'),
    streamed: false,
    userId: a.userId,
  });
  return response;
}
