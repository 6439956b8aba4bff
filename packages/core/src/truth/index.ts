// The truth service: the one object every truth check of a process goes through (routes, admin
// fact-check, chat, olala check-claims and eval).
export {
  createTruthService,
  UNLIMITED,
  type ArticleOptions,
  type CheckManyOptions,
  type RunLimiter,
  type TruthCheckOptions,
  type TruthService,
  type TruthServiceSetup,
} from './service.js';
export type { ClaimOutcome } from '../articles/claim-group.js';
