// The article check (a URL or text cut into claims) and its stored results.
export { ArticleInputError, checkArticle, type ArticleCheckOptions, type CheckClaim } from './service.js';
export { getArticle } from './store.js';
