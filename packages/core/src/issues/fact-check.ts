import type { AdminIssue } from '@olala/contract';
import type { ClaimChecker, FactCheckOptions } from '../analyses/service.js';
import type { Db } from '../db/types.js';
import { getAdminIssue, linkFactCheck, type Clock } from './store.js';

/**
 * Checks an issue's main claim through the truth service, as 올라 checks a chat message (`claim`, else the one stored on the
 * issue, else its title) and links the stored result to the issue. Undefined when there is no
 * such issue. A result the store could not keep cannot be linked: that is an error, not a link
 * to nothing.
 */
export async function factCheckIssue(
  db: Db,
  truth: ClaimChecker,
  id: string,
  claim: string | undefined,
  options: FactCheckOptions & Clock = {},
): Promise<AdminIssue | undefined> {
  const issue = await getAdminIssue(db, id, options);
  if (!issue) return undefined;
  const checked = (claim ?? issue.claim ?? issue.title).trim();
  const result = await truth.factCheck(checked, { log: options.log, userId: options.userId });
  if (result.risk_flags.includes('PERSISTENCE_FAILED'))
    throw new Error(`the fact-check of issue ${issue.id} ran but could not be stored`);
  return linkFactCheck(db, id, result.analysis_id, claim ?? null, options);
}
