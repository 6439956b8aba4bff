import type { Config } from '../config.js';
import type { Db } from '../db/types.js';
import { fetchArticle } from '../fetch/article.js';
import { createLlmClients } from '../llm/index.js';
import { wikiSearchDeps, type WikiSearchDeps } from '../search/wiki-search.js';
import { createFullTextReader, createSearchProviders } from '../sources/index.js';
import type { PipelineDeps } from './types.js';

export interface PipelineSetup {
  /** Where the wiki is read: the read replica (DATABASE_READ_URL); unset, the primary. */
  reader?: Db;
  /** LLM clients per role; unset, built from the configuration (the server passes instrumented ones). */
  llm?: PipelineDeps['llm'];
  /** Whether the news is searched; `olala eval --wiki-from-set` checks against its own passages only. */
  news?: boolean;
  ocr?: PipelineDeps['ocr'];
  observe?: PipelineDeps['observe'];
  onSearch?: WikiSearchDeps['onSearch'];
}

/** The pipeline's dependencies with the wiki search always set (the wiki search route uses it too). */
export type ConfiguredPipelineDeps = PipelineDeps & { wiki: WikiSearchDeps };

/**
 * The pipeline's dependencies from the configuration, the one set-up the server, `olala
 * check-claims` and `olala eval` share: LLM clients per role (their circuit breakers outlive
 * runs), news providers and the full-text reader (their concurrency limits too), the SSRF-safe
 * article fetcher, the wiki search, the run's time budgets. Build it once per process.
 */
export function createPipelineDeps(config: Config, db: Db, setup: PipelineSetup = {}): ConfiguredPipelineDeps {
  const news = setup.news ?? true;
  const fullText = news ? createFullTextReader(config.sources, config.fetch) : undefined;
  return {
    db,
    wiki: { ...wikiSearchDeps(setup.reader ?? db, config), ...(setup.onSearch ? { onSearch: setup.onSearch } : {}) },
    llm: setup.llm ?? createLlmClients(config.llm),
    providers: news ? createSearchProviders(config.sources) : [],
    ...(fullText ? { fullText } : {}),
    fetchArticle: (url: string, signal: AbortSignal) =>
      fetchArticle(url, { signal, allowLoopback: config.fetch.allowLoopback }),
    ...(setup.ocr ? { ocr: setup.ocr } : {}),
    ...(setup.observe ? { observe: setup.observe } : {}),
    budgets: { totalMs: config.runBudgetMs, llmMs: config.llm.requestBudgetMs },
  };
}
