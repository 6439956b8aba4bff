// Wiki search as the routes, the CLI and bench/ use it. The tokenizer is here for bench/'s
// tokenizer-quality report; postings, segments and scoring stay inside the area.
export {
  embeddingCoverage,
  EmbeddingsUnavailableError,
  searchWiki,
  wikiSearchDeps,
  type WikiSearchDeps,
  type WikiSearchInput,
} from './wiki-search.js';
export { getWikiPage } from './wiki-page.js';
export { lexicalSearch, type LexicalOptions, type LexicalResult } from './lexical-search.js';
export { heldChunkPlaces } from './chunk-places.js';
export { mergeLexical, reindexLexical, type LexicalBuildStats, type LexicalMergeStats } from './lexical-index.js';
export { isBigram, isTitleTerm, titleTerms, tokenize } from './tokenizer.js';
