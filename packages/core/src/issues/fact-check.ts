import type { AdminIssue } from '@olala/contract';
import { checkTruth, type CheckOptions } from '../analyses/service.js';
import type { Db } from '../db/types.js';
import type { PipelineDeps } from '../pipeline/types.js';
import { getAdminIssue, linkFactCheck, type Clock } from './store.js';

/**
 * Runs the verification pipeline on an issue's main claim (`claim`, else the one stored on the
 * issue, else its title) and links the stored result to the issue. Undefined when there is no
 * such issue. A result the store could not keep cannot be linked: that is an error, not a link
 * to nothing.
 */
export async function factCheckIssue(
  db: Db,
  deps: PipelineDeps,
  id: string,
  claim: string | undefined,
  options: Omit<CheckOptions, 'streamed'> & Clock,
): Promise<AdminIssue | undefined> {
  const issue = await getAdminIssue(db, id, options);
  if (!issue) return undefined;
  const checked = (claim ?? issue.claim ?? issue.title).trim();
  const result = await checkTruth(db, deps, { input_type: 'text', input_payload: checked }, { ...options, streamed: false });
  if (result.risk_flags.includes('PERSISTENCE_FAILED')) throw new Error(`the fact-check of issue ${issue.id} ran but could not be stored`);
  return linkFactCheck(db, id, result.analysis_id, claim ?? null, options);
}
