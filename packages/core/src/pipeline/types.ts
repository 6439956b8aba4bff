import type {
  Citation,
  ModelInfo,
  OcrView,
  RelatedPassage,
  RiskFlag,
  StageName,
  StageTiming,
  TruthCheckRequest,
  VerdictLabel,
} from '@olala/contract';
import type { Db } from '../db/types.js';
import type { OcrService } from '../ocr/index.js';
import type { LlmClient, LlmRole } from '../llm/types.js';
import type { WikiSearchDeps } from '../search/wiki-search.js';
import type { FullTextReader } from '../sources/full-text.js';
import type { SearchProvider } from '../sources/types.js';
import type { Evidence } from '../evidence.js';
import type { CoverBucket, FindingKind } from './rules/agreement.js';
import type { EvidenceTerms } from './stages/score/index.js';

/** A fetched article, as the normalize stage reads it (fetch/article.ts extracts it). */
export interface ArticleInput {
  url: string;
  canonical_url?: string;
  title: string;
  description?: string;
  text: string;
}

/** What the pipeline needs from the outside world; the server builds it once at start. */
export interface PipelineDeps {
  db: Db;
  wiki: WikiSearchDeps;
  /** LLM per role; a role without one runs its deterministic rules. No client at all = no-LLM mode. */
  llm: Partial<Record<LlmRole, LlmClient>>;
  providers: readonly SearchProvider[];
  /** Reads the top news results' articles in full (sources/full-text.ts); without it only their descriptions count. */
  fullText?: FullTextReader;
  /**
   * The article the claims were taken from, when the caller read it (an article check): never
   * evidence for them, like a URL input's own article (stage 3 merge, sources/full-text.ts).
   */
  sourceArticle?: ArticleInput;
  /**
   * The evidence word terms read so far by the claims checked together with this one (an
   * article's, a batch's: `evidenceTermsMemo()` once per such run); unset, each run reads its own.
   */
  evidenceTerms?: EvidenceTerms;
  /** Fetches and extracts an article for URL inputs (SSRF-checked). */
  fetchArticle?: (url: string, signal: AbortSignal) => Promise<ArticleInput>;
  /** Reads image inputs (ocr/); without it an image input cannot be read and the run is UNVERIFIED. */
  ocr?: Pick<OcrService, 'recognize'>;
  budgets?: Partial<PipelineBudgets>;
  /** Told of every stage of every run, and of every verdict (metrics). */
  observe?: {
    stage?(event: StageEvent): void;
    verdict?(result: { label: string; cached: boolean; ms: number }): void;
  };
}

export interface PipelineBudgets {
  /** The whole run, LLM calls included (RUN_BUDGET_SECONDS). */
  totalMs: number;
  /**
   * Time the run may spend waiting on LLM answers, overlapping calls counted once
   * (LLM_REQUEST_BUDGET_SECONDS); past it an LLM call fails as a timeout. Unset: only `totalMs` bounds them.
   */
  llmMs?: number;
  /** Per stage; a stage past its budget fails (and the verdict becomes UNVERIFIED). */
  stageMs: Partial<Record<StageName, number>>;
}

/** An event as a stage completes: the stream sends it as `stage_complete`. */
export interface StageEvent {
  stage: StageName;
  status: StageTiming['status'];
  ms: number;
  data: Record<string, unknown>;
}

export interface RunOptions {
  signal?: AbortSignal;
  onStage?: (event: StageEvent) => void;
  /**
   * Evidence to judge instead of collecting any (stages 2–5 are skipped): the NLI evaluation
   * gives the premise as the only evidence this way.
   */
  evidence?: readonly Evidence[];
}

/** A citation a verifier made, after its quote was checked against the evidence. */
export interface CheckedCitation {
  evid_id: string;
  stance: 'support' | 'refute';
  quote: string;
  /** The rules' citations only: why they were decided (rules/agreement.ts), for the calibration. */
  kind?: FindingKind;
  bucket?: CoverBucket;
  /** A refutation read in a sentence about something else (rules/agreement.ts Finding.aside). */
  aside?: true;
}

/** Stages 6 and 7. */
export interface VerifierReport {
  role: 'support' | 'skeptic';
  stance: VerdictLabel;
  confidence: number;
  reasoning: string[];
  citations: CheckedCitation[];
  /** Citations dropped because the quote is not in the evidence, or the evidence id does not exist. */
  dropped: number;
  weak_points: string[];
  followup_queries: string[];
  /** Set when the verifier could not run (LLM error, timeout). */
  failure?: string;
}

/** What runPipeline returns; the service adds the analysis id, persistence and the cache. */
export interface PipelineOutcome {
  label: VerdictLabel;
  confidence: number;
  headline: string;
  summary: string;
  rationale: string[];
  claim: string;
  refusal_reason?: string;
  citations: Citation[];
  counter_evidence: Citation[];
  limitations: string[];
  recommended_next_steps: string[];
  risk_flags: RiskFlag[];
  model_info: ModelInfo;
  /** The best related passages of the evidence read, for every label (rules/passages.ts). */
  related?: RelatedPassage[];
  /** Image inputs: what was read. */
  ocr?: OcrView;
  stages: StageTiming[];
  stage_outputs: Record<string, unknown>;
  /** False when a stage degraded (LLM failure, timeout): such a result is not served from the cache. */
  cacheable: boolean;
}

export type { TruthCheckRequest };
