// The article check (a URL or text cut into claims) and its stored results; many claims checked as one group.
export { ArticleInputError, checkArticle, type ArticleCheckOptions } from './service.js';
export { checkClaims, type CheckClaim, type CheckClaimsOptions, type ClaimOutcome } from './claim-group.js';
export { getArticle, saveArticle, type NewArticle } from './store.js';
