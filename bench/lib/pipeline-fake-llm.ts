/**
 * The bench's LLM: packages/testing's loopback fake of Ollama's /api/chat (real JSON shapes),
 * scripted to answer every role at once with valid JSON — the supporter quotes real text of
 * the first evidence block it is shown, so aggregate and the judge run as in production —
 * and a timer that measures how long the pipeline waits on LLM calls.
 */
import type { TestContext } from 'node:test';
import type { LlmClient } from '@olala/core';
import { fakeChatServer, jsonReply, type FakeChatReply, type FakeChatRequest } from '@olala/testing';

export type FakeRole = 'querygen' | 'support' | 'skeptic' | 'judge' | 'other';

/** Routes on the prompt files' own wording (packages/core/src/pipeline/stages/*). */
export function roleOf(req: Pick<FakeChatRequest, 'system' | 'user'>): FakeRole {
  if (req.user.includes('뒷받침하는 근거를 찾는 검증자')) return 'support';
  if (req.user.includes('회의적인 검증자')) return 'skeptic';
  if (req.user.includes('최종 판정자')) return 'judge';
  if (req.system.includes('검색 엔지니어')) return 'querygen';
  return 'other';
}

/**
 * A verbatim piece of the first evidence block of a verifier prompt (`[ev_…] (tier) title`
 * then its excerpt), long enough to pass the quote check (MIN_QUOTE_CHARS).
 */
export function firstQuote(prompt: string): { evid_id: string; quote: string } | undefined {
  for (const block of prompt.split(/\n(?=\[ev_[0-9a-f]{8}\])/)) {
    const id = /^\[(ev_[0-9a-f]{8})\]/.exec(block)?.[1];
    if (!id) continue;
    const text = block.split('\n').slice(1).join(' ').replace(/\s+/g, ' ').trim();
    const quote = text.slice(0, 60).trim();
    if (quote.length >= 20) return { evid_id: id, quote };
  }
  return undefined;
}

const verifyAnswer = (citations: { evid_id: string; quote: string; stance: 'support' | 'refute' }[]) => ({
  stance: citations.length > 0 ? 'TRUE' : 'UNVERIFIED',
  confidence: 0.8,
  reasoning_bullets: ['근거 자료의 해당 문장을 읽었습니다.'],
  citations,
  weak_points: [],
  followup_queries: [],
});

export interface FakeLlmStats {
  requests: Record<FakeRole, number>;
}

/** The script: instant (or `delayMs` late) valid answers for every role. */
export function benchScript(stats: FakeLlmStats, delayMs = 0) {
  return (req: FakeChatRequest): FakeChatReply => {
    const role = roleOf(req);
    stats.requests[role]++;
    const reply = (value: unknown) => jsonReply(value, delayMs);
    switch (role) {
      case 'querygen': {
        const claim = /주장:\s*(.+)/.exec(req.user)?.[1]?.trim() ?? '';
        return reply({ wiki_queries: claim ? [claim.split(' ').slice(0, 2).join(' ')] : [], news_queries: [] });
      }
      case 'support': {
        const q = firstQuote(req.user);
        return reply(verifyAnswer(q ? [{ ...q, stance: 'support' }] : []));
      }
      case 'skeptic':
        return reply(verifyAnswer([]));
      case 'judge':
        return reply({
          label: 'TRUE',
          confidence: 0.8,
          headline: '근거 자료가 주장을 뒷받침합니다',
          explanation: '인용된 위키 문장이 주장과 일치합니다.',
          cautions: ['원문을 직접 확인하세요.'],
          recommendation: '공식 자료도 확인해 보세요.',
        });
      default:
        return { status: 500, error: 'the bench fake got a prompt it does not know' };
    }
  };
}

export interface BenchFake {
  url: string;
  stats: FakeLlmStats;
  close: () => Promise<void>;
}

/**
 * fakeChatServer outside a test: it only needs `t.after` to close its listener, so the bench
 * hands it a stand-in that collects those hooks and runs them on `close`.
 */
export async function startBenchFake(delayMs = 0): Promise<BenchFake> {
  const hooks: (() => unknown)[] = [];
  const context = { after: (fn: () => unknown) => void hooks.push(fn) } as unknown as TestContext;
  const stats: FakeLlmStats = { requests: { querygen: 0, support: 0, skeptic: 0, judge: 0, other: 0 } };
  const fake = await fakeChatServer(context, benchScript(stats, delayMs));
  return {
    url: fake.url,
    stats,
    close: async () => {
      for (const hook of hooks.reverse()) await hook();
    },
  };
}

/** Environment for loadConfig: all three roles on the fake, no retries (an error is an error here). */
export function fakeLlmEnv(url: string): Record<string, string> {
  return {
    OLLAMA_URL: url,
    SLM1_MODEL: 'bench-fake:3b',
    SLM2_MODEL: 'bench-fake:3b',
    JUDGE_MODEL: 'bench-fake:7b',
    LLM_MAX_RETRIES: '0',
  };
}

/**
 * Time during which at least one LLM call of the pipeline is in flight, measured around the
 * clients' chatJson (HTTP round trip, JSON parsing and schema validation included). Parallel
 * calls (the two verifiers) count once: it is wall time the run spends waiting on the model.
 */
export class LlmTimer {
  private inFlight = 0;
  private since = 0;
  busyMs = 0;
  calls = 0;

  wrap(client: LlmClient): LlmClient {
    const chatJson = (async (request) => {
      this.begin();
      try {
        return await client.chatJson(request);
      } finally {
        this.end();
      }
    }) as LlmClient['chatJson'];
    return { role: client.role, provider: client.provider, model: client.model, chatJson };
  }

  /** Returns the busy time since the last take, and starts again. */
  take(): { ms: number; calls: number } {
    const out = { ms: this.busyMs, calls: this.calls };
    this.busyMs = 0;
    this.calls = 0;
    return out;
  }

  private begin() {
    if (this.inFlight++ === 0) this.since = performance.now();
    this.calls++;
  }

  private end() {
    if (--this.inFlight === 0) this.busyMs += performance.now() - this.since;
  }
}
