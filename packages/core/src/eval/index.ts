// The evaluation of the verdicts (`olala eval`, bench/): items, public data sets, metrics, report.
export { readEvalItems, type EvalItem } from './items.js';
export { reliability } from './metrics.js';
export { buildReport, type EvalReport } from './report.js';
export { buildSetWiki, runEval, type RunEvalOptions, type RunEvalResult } from './run.js';
export { falseSiblings, loadBoolq, loadKlueWiki, loadKorquadStatements } from './sources.js';
