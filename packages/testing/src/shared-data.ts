import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * The real third-party data (Korean Wikipedia extract, KorQuAD, MIRACL, KLUE-NLI) lives in
 * `../shared/data` beside the checkout, on developer machines and in CI alike; tests and
 * benchmarks read it in place. OLALA_SHARED_DATA points elsewhere.
 */
export function sharedDataDir(): string {
  return path.resolve(process.env.OLALA_SHARED_DATA ?? path.join(repoRoot, '../shared/data'));
}
