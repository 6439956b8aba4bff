// The article check (a URL or text cut into claims) and its stored results.
export { ArticleInputError, checkArticle, type ArticleCheckOptions, type CheckClaim } from './service.js';
export { getArticle, saveArticle, type NewArticle } from './store.js';
