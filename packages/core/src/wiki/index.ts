// The wiki's life cycle: convert a dump, import it, report its status and the lexical index's build.
export {
  convertWikiExtractor,
  DEFAULT_MAX_CHARS,
  DEFAULT_MIN_CHARS,
  listInputFiles,
  MIN_MAX_CHARS,
  parseDocHeader,
  type ConvertOptions,
  type ConvertResult,
} from './convert.js';
export { importWiki, type ImportOptions, type ImportResult } from './import/index.js';
export {
  describeIndexProgress,
  describeLexicalIndex,
  indexProgressFile,
  koreanDuration,
  LEXICAL_INDEX_LABEL,
  lexicalIndexStatus,
  publishIndexProgress,
  readIndexProgress,
} from './index-progress.js';
export { wikiStatus, type WikiStatusOptions } from './status.js';
