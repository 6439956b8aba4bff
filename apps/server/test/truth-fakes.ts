import path from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { TruthCheckResponse } from '@olala/contract';
import { importWiki } from '@olala/core';
import { jsonReply, type FakeChatReply, type FakeChatRequest, type TestBackend } from '@olala/testing';
import { build } from './helper.js';

/** Shared by the truth-check route tests: the sample wiki, and the fake LLM scripted by prompt role. */

export const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../sample/wiki');

/** The app on a fresh database holding the bundled sample wiki. */
export async function appWithSample(
  t: TestContext,
  backend: TestBackend = 'pglite',
  env: Record<string, string> = {},
): Promise<FastifyInstance> {
  const app = await build(t, backend, env);
  await importWiki(app.db, {
    pagesFile: path.join(SAMPLE, 'wiki_pages.csv'),
    chunksFile: path.join(SAMPLE, 'wiki_chunks.csv'),
    mode: 'replace',
  });
  return app;
}

export type Role = 'normalize' | 'querygen' | 'support' | 'skeptic' | 'judge';

/** Which stage's prompt a request carries (the prompt files' opening lines). */
export function roleOf(req: FakeChatRequest): Role {
  if (req.user.includes('뒷받침하는 근거를 찾는 검증자')) return 'support';
  if (req.user.includes('회의적인 검증자')) return 'skeptic';
  if (req.user.includes('최종 판정자')) return 'judge';
  if (req.user.includes('검색 엔지니어')) return 'querygen';
  return 'normalize';
}

/** The id of the evidence block in a verifier prompt whose text contains `needle`. */
export function evidenceIdWith(prompt: string, needle: string): string {
  for (const block of prompt.split(/\n(?=\[ev_)/)) {
    const id = /^\[(ev_[0-9a-f]{8})\]/.exec(block)?.[1];
    if (id && block.includes(needle)) return id;
  }
  throw new Error(`no evidence block contains ${needle}`);
}

export const verifyAnswer = (
  citations: { evid_id: string; quote: string; stance: 'support' | 'refute' }[],
  stance = 'UNVERIFIED',
) => ({
  stance,
  confidence: 0.9,
  reasoning_bullets: ['근거 자료를 읽었습니다.'],
  citations,
  weak_points: [],
  followup_queries: [],
});

export const judgeAnswer = (label: string) => ({
  label,
  confidence: 0.9,
  headline: `판정: ${label}`,
  explanation: '인용된 근거에 따른 판정입니다.',
  cautions: ['원문을 확인하세요.'],
  recommendation: '공식 자료를 확인해 보세요.',
});

export interface LlmPlan {
  support?: (req: FakeChatRequest) => FakeChatReply;
  skeptic?: (req: FakeChatRequest) => FakeChatReply;
  judge?: string;
}

/** Scripts the roles: each verifier's answer, and the judge's label. */
export function llmScript(plan: LlmPlan) {
  return (req: FakeChatRequest): FakeChatReply => {
    switch (roleOf(req)) {
      case 'querygen':
        return jsonReply({ wiki_queries: ['화성'], news_queries: ['화성 행성'] });
      case 'support':
        return plan.support?.(req) ?? jsonReply(verifyAnswer([]));
      case 'skeptic':
        return plan.skeptic?.(req) ?? jsonReply(verifyAnswer([]));
      case 'judge':
        return jsonReply(judgeAnswer(plan.judge ?? 'UNVERIFIED'));
      default:
        return { status: 500, error: 'unexpected prompt' };
    }
  };
}

/** Every role on the fake, as Ollama; no retries, so failures show at once. */
export const LLM_ENV = (url: string): Record<string, string> => ({
  OLLAMA_URL: url,
  SLM1_MODEL: 'qwen2.5:3b',
  SLM2_MODEL: 'qwen2.5:3b',
  JUDGE_MODEL: 'qwen2.5:7b',
  LLM_MAX_RETRIES: '0',
});

/** A citation of `quote`, found in the prompt's evidence. */
export const cite = (req: FakeChatRequest, quote: string, stance: 'support' | 'refute') => ({
  evid_id: evidenceIdWith(req.user, quote),
  quote,
  stance,
});

/**
 * Without an LLM, whether the rules' support becomes TRUE is the by-kind calibration's call
 * (calibration-rules.json): TRUE, or UNVERIFIED withheld with the support still cited.
 */
export function rulesSupported(r: TruthCheckResponse): boolean {
  const withheld =
    r.label === 'UNVERIFIED' && r.limitations.some((l) => /검증 정확도가 90% 미만이라 판정을 보류합니다/.test(l));
  return r.citations.some((c) => c.stance === 'support') && (r.label === 'TRUE' || withheld);
}
