import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { TRUTH_LIMITS } from '@olala/contract';
import { UserError } from '../errors.js';
import type { GoldLabel } from './metrics.js';

/** One claim to check and what the answer should be. */
export interface EvalItem {
  claim: string;
  gold: GoldLabel;
  /** The gold passage: its page title in the wiki, or its text. */
  evidence?: string;
  /** The item's id in its source set, carried into the state file. */
  id?: string;
}

export const EVAL_LIMITS = {
  fileBytes: 64 * 1024 * 1024,
  items: 100_000,
  claimChars: TRUTH_LIMITS.input_payload.max,
  evidenceChars: 20_000,
  idChars: 200,
  /** Errors listed before the rest are only counted. */
  reportedErrors: 20,
} as const;

const FIELDS = new Set(['claim', 'gold', 'evidence', 'id']);
// Tabs and newlines are text; any other control or invisible formatting character is not.
const HIDDEN = /(?![\n\t])[\p{Cc}\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\ufeff]/u;

function gold(value: unknown): GoldLabel | string {
  if (value === true) return 'TRUE';
  if (value === false) return 'FALSE';
  if (typeof value !== 'string') return 'expected TRUE, FALSE, UNVERIFIED, true or false';
  const upper = value.trim().toUpperCase();
  return upper === 'TRUE' || upper === 'FALSE' || upper === 'UNVERIFIED'
    ? upper
    : `expected TRUE, FALSE, UNVERIFIED, true or false, got ${JSON.stringify(value).slice(0, 40)}`;
}

function text(value: unknown, max: number, required: boolean): string | undefined | { error: string } {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string') return { error: value === undefined ? 'required' : 'expected a string' };
  const trimmed = value.trim();
  if (trimmed === '') return { error: 'empty' };
  if (trimmed.length > max) return { error: `longer than ${max} characters (${trimmed.length})` };
  if (HIDDEN.test(trimmed)) return { error: 'contains a control character' };
  return trimmed;
}

/**
 * Parses a JSONL eval set: one `{claim, gold, evidence?, id?}` object per line (blank lines
 * skipped). Every bad line is reported as `file:line: field: reason`, and any error fails the
 * whole set, so a typo never silently shrinks what is measured.
 */
export function parseEvalItems(content: string, file: string): EvalItem[] {
  const items: EvalItem[] = [];
  const errors: string[] = [];
  const lines = content.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') continue;
    const at = `${file}:${i + 1}`;
    const fail = (field: string, reason: string) => errors.push(`${at}: ${field}: ${reason}`);
    if (items.length + errors.length >= EVAL_LIMITS.items) {
      errors.push(`${at}: more than ${EVAL_LIMITS.items} items`);
      break;
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      fail('(line)', `not JSON: ${(err as Error).message}`);
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      fail('(line)', 'expected a JSON object');
      continue;
    }
    const obj = value as Record<string, unknown>;
    const before = errors.length;
    for (const key of Object.keys(obj))
      if (!FIELDS.has(key)) fail(key, 'unknown field (expected claim, gold, evidence, id)');
    const claim = text(obj.claim, EVAL_LIMITS.claimChars, true);
    if (typeof claim === 'object') fail('claim', claim.error);
    const label = gold(obj.gold);
    if (!(label === 'TRUE' || label === 'FALSE' || label === 'UNVERIFIED')) fail('gold', label);
    const evidence = text(obj.evidence, EVAL_LIMITS.evidenceChars, false);
    if (typeof evidence === 'object') fail('evidence', evidence.error);
    const id =
      typeof obj.id === 'number' && Number.isSafeInteger(obj.id)
        ? String(obj.id)
        : text(obj.id, EVAL_LIMITS.idChars, false);
    if (typeof id === 'object') fail('id', id.error);
    if (errors.length > before) continue;
    items.push({
      claim: claim as string,
      gold: label as GoldLabel,
      ...(evidence !== undefined ? { evidence: evidence as string } : {}),
      ...(id !== undefined ? { id: id as string } : {}),
    });
  }
  if (errors.length > 0) {
    const shown = errors.slice(0, EVAL_LIMITS.reportedErrors);
    const more = errors.length > shown.length ? `\n… and ${errors.length - shown.length} more` : '';
    throw new UserError(
      `${errors.length === 1 ? 'an invalid line' : `${errors.length} invalid lines`} in the eval set:\n${shown.join('\n')}${more}`,
    );
  }
  if (items.length === 0) throw new UserError(`${file}: no items`);
  return items;
}

export function readEvalItems(file: string): EvalItem[] {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (err) {
    throw new UserError(
      `${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
    );
  }
  if (size > EVAL_LIMITS.fileBytes)
    throw new UserError(`${file}: larger than ${EVAL_LIMITS.fileBytes / 1024 / 1024} MiB`);
  return parseEvalItems(fs.readFileSync(file, 'utf8'), file);
}

/** Identifies a set's content, so a state file is only resumed for the set it was made from. */
export function fingerprint(items: readonly EvalItem[]): string {
  const hash = createHash('sha256');
  for (const item of items) hash.update(`${JSON.stringify([item.claim, item.gold, item.evidence ?? null])}\n`);
  return hash.digest('hex').slice(0, 16);
}
