import { OLALA_BOT, type ChatMessage, type TruthCheckResponse } from '@olala/contract';
import { VERDICT_NAMES } from '@olala/contract/verdicts';
import type { ClaimChecker, RunLogger } from '../analyses/service.js';
import type { Queryable } from '../db/types.js';
import { findFactCheck, getMessage, postAsBot } from './store.js';

/** Whether a message asks 올라 to check it. */
export function mentionsBot(content: string): boolean {
  return content.includes(OLALA_BOT.mention);
}

/** The claim to check: the message without the mention. */
export function claimOf(content: string): string {
  return content.split(OLALA_BOT.mention).join(' ').replace(/\s+/g, ' ').trim();
}

export interface FactCheckDeps {
  db: Queryable;
  /** The truth service, as the issue fact-check reaches it too (it may throw a busy error). */
  truth: ClaimChecker;
  /** The run's lines carry its analysis id, as every truth check's do. */
  log?: RunLogger;
}

export type FactCheckOutcome = { status: 'posted' | 'exists'; message: ChatMessage } | { status: 'not_found' };

/** Marks a failure the person can fix by trying later (the server's BUSY), for a kinder note. */
function isBusy(err: unknown): boolean {
  return (err as { code?: unknown }).code === 'BUSY';
}

/**
 * Checks a chat message and posts the result card as 올라, once per message. Never throws for a
 * failed check: 올라 posts a Korean note instead, so the room learns what happened.
 */
export async function factCheckMessage(deps: FactCheckDeps, messageId: string): Promise<FactCheckOutcome> {
  const source = await getMessage(deps.db, messageId);
  if (!source || source.kind !== 'text' || source.userId === OLALA_BOT.userId) return { status: 'not_found' };
  const existing = await findFactCheck(deps.db, messageId);
  if (existing) return { status: 'exists', message: existing };

  const claim = claimOf(source.content);
  const base = { issueId: source.issueId, sourceMessageId: messageId };
  if (claim === '') {
    return postAsBot(deps.db, {
      ...base,
      content: `${source.username}님, ${OLALA_BOT.mention} 뒤에 확인하고 싶은 주장을 함께 적어 주세요.`,
    });
  }
  let result: TruthCheckResponse;
  try {
    result = await deps.truth.factCheck(claim, { log: deps.log });
  } catch (err) {
    if (!isBusy(err)) deps.log?.error({ err, messageId }, 'chat fact-check failed');
    const content = isBusy(err)
      ? '지금은 검증 요청이 많아 확인하지 못했어요. 잠시 후 팩트체크 버튼을 다시 눌러 주세요.'
      : '팩트체크 중 문제가 생겨 결과를 내지 못했어요. 잠시 후 다시 시도해 주세요.';
    return postAsBot(deps.db, { ...base, content });
  }
  const percent = Math.round(result.confidence * 100);
  return postAsBot(deps.db, {
    ...base,
    content: `팩트체크 결과: ${VERDICT_NAMES[result.label]} (신뢰도 ${percent}%) — ${result.headline}`,
    card: {
      analysis_id: result.analysis_id,
      label: result.label,
      confidence: result.confidence,
      headline: result.headline,
      sourceMessageId: messageId,
    },
  });
}
