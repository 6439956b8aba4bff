// The analyses area as other packages see it: the truth check, the stored results, history and
// bookmarks, the admin figures. Its other exports are for core's own modules.
export {
  checkTruth,
  RunCancelledError,
  type CheckOptions,
  type ClaimChecker,
  type FactCheckOptions,
  type RunLogger,
} from './service.js';
export { getAnalysis, saveAnalysis, type AnalysisInput, type NewAnalysis } from './store.js';
export {
  addBookmark,
  isInHistory,
  listBookmarks,
  listHistory,
  recordHistory,
  removeBookmark,
  removeFromHistory,
  type PageOptions,
} from './history.js';
export { analysisStats, listRecentAnalyses, type RecentOptions, type StatsOptions } from './stats.js';
