import { applyTextRule, CONTROL_CHAR_MESSAGE, CreateIssueRequest, TEXT_KEYWORD } from '@olala/contract';
import { Value } from 'typebox/value';
import { UserError } from '../errors.js';

/**
 * One wording of schema errors for both places issues come in: the admin API (Korean, its
 * users are the app's admins) and `olala issues add --json` (English, for operators). Both
 * check against the same contract schema, so a file the CLI accepts is a body the API accepts.
 */

/** The error shape of both Ajv (Fastify) and TypeBox's Value.Errors. */
export interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

export interface FieldProblem {
  /** `title`, or `[2].title` inside an array. */
  field: string;
  reason: string;
}

export type Lang = 'ko' | 'en';

const KOREAN_NAMES: Record<string, string> = {
  title: '제목',
  summary: '요약',
  content: '본문',
  category: '분류',
  sourceUrl: '출처 URL',
  day: '날짜',
  claim: '주장',
  publish: '게시 여부',
  at: '게시 시각',
  limit: '개수',
  before: '커서',
};

function fieldOf(path: string, extra?: string): string {
  const parts = path.split('/').filter(Boolean);
  if (extra) parts.push(extra);
  return parts.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') || '(root)';
}

function reason(e: SchemaError, lang: Lang): string {
  const p = e.params;
  const ko = lang === 'ko';
  switch (e.keyword) {
    case 'required':
      return ko ? '필수 항목입니다.' : 'is required';
    case 'maxLength':
      return ko ? `최대 ${String(p.limit)}자까지 쓸 수 있습니다.` : `must be at most ${String(p.limit)} characters`;
    case 'minLength':
      return Number(p.limit) <= 1
        ? ko
          ? '비어 있으면 안 됩니다.'
          : 'must not be empty'
        : ko
          ? `최소 ${String(p.limit)}자 이상이어야 합니다.`
          : `must be at least ${String(p.limit)} characters`;
    case 'type':
      return ko ? `${typeName(String(p.type), lang)}이어야 합니다.` : `must be ${typeName(String(p.type), lang)}`;
    case 'anyOf':
      return ko ? '문자열 또는 null이어야 합니다.' : 'must be a string or null';
    case 'format':
    case 'pattern':
      return formatReason(e, lang);
    case TEXT_KEYWORD:
      return ko ? CONTROL_CHAR_MESSAGE : 'must not contain control characters (line breaks and tabs included)';
    case 'additionalProperties':
    case 'boolean':
      return ko ? '알 수 없는 항목입니다.' : 'is not a known field';
    case 'minimum':
    case 'maximum':
      return ko
        ? `${String(p.comparison ?? (e.keyword === 'minimum' ? '>=' : '<='))} ${String(p.limit)} 이어야 합니다.`
        : (e.message ?? 'is out of range');
    default:
      return ko ? '올바르지 않은 값입니다.' : (e.message ?? 'is invalid');
  }
}

function typeName(type: string, lang: Lang): string {
  const names: Record<string, [string, string]> = {
    string: ['문자열', 'a string'],
    boolean: ['true 또는 false', 'true or false'],
    integer: ['정수', 'an integer'],
    number: ['숫자', 'a number'],
    object: ['객체', 'an object'],
    array: ['배열', 'an array'],
    null: ['null', 'null'],
  };
  const pair = names[type] ?? [type, type];
  return lang === 'ko' ? pair[0] : pair[1];
}

function formatReason(e: SchemaError, lang: Lang): string {
  const field = e.instancePath.split('/').pop() ?? '';
  const ko = lang === 'ko';
  if (field === 'day') return ko ? 'YYYY-MM-DD 형식의 날짜여야 합니다.' : 'must be a date as YYYY-MM-DD';
  if (field === 'sourceUrl')
    return ko ? 'http:// 또는 https://로 시작하는 주소여야 합니다.' : 'must be an http:// or https:// URL';
  if (e.params.format === 'date-time' || field === 'at')
    return ko ? 'ISO 8601 시각이어야 합니다(예: 2025-03-03T09:00:00+09:00).' : 'must be an ISO 8601 date-time';
  if (field === 'id') return ko ? '이슈 ID(UUID) 형식이 아닙니다.' : 'must be an issue id (a UUID)';
  return ko ? '형식이 올바르지 않습니다.' : (e.message ?? 'has the wrong format');
}

/**
 * One problem per field (a union reports each branch; the first says enough), with the field
 * named as the user wrote it.
 */
export function describeSchemaErrors(errors: readonly SchemaError[], lang: Lang): FieldProblem[] {
  const seen = new Map<string, FieldProblem>();
  // A union (string or null) reports every branch, then `anyOf`. A branch that failed on
  // something other than its type is the one the user meant (a string with a bad pattern);
  // when every branch failed on type, the `anyOf` says it best.
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const meant = new Set(
    errors
      .filter((e) => anyOfPaths.has(e.instancePath) && e.keyword !== 'type' && e.keyword !== 'anyOf')
      .map((e) => e.instancePath),
  );
  for (const e of errors) {
    if (
      anyOfPaths.has(e.instancePath) &&
      (e.keyword === 'type' || (e.keyword === 'anyOf' && meant.has(e.instancePath)))
    )
      continue;
    const missing =
      e.keyword === 'required'
        ? (e.params.missingProperty ?? (e.params.requiredProperties as unknown[] | undefined)?.[0])
        : undefined;
    const extra =
      e.keyword === 'additionalProperties'
        ? (e.params.additionalProperty ?? (e.params.additionalProperties as unknown[] | undefined)?.[0])
        : undefined;
    // TypeBox reports an unknown field twice: as `boolean` at the field and as `additionalProperties` at its parent.
    const field = fieldOf(
      e.instancePath,
      missing !== undefined ? String(missing) : extra !== undefined ? String(extra) : undefined,
    );
    if (!seen.has(field)) seen.set(field, { field, reason: reason(e, lang) });
  }
  return [...seen.values()];
}

/** `title(제목): 최대 200자까지 쓸 수 있습니다.` for the API's 400s. */
export function koreanProblem(p: FieldProblem): string {
  const last = p.field
    .split('.')
    .pop()!
    .replace(/^\[\d+\]/, '');
  const name = KOREAN_NAMES[last];
  return `${p.field}${name ? `(${name})` : ''}: ${p.reason}`;
}

/** Fastify's schemaErrorFormatter for the issue routes: Korean, one clause per field. */
export function formatIssueSchemaErrors(errors: SchemaError[], dataVar: string): Error {
  const text = describeSchemaErrors(errors, 'ko')
    .map((p) => koreanProblem(p))
    .join(' ');
  return new UserError(
    `요청 ${dataVar === 'body' ? '본문' : dataVar === 'params' ? '주소' : '값'}이 올바르지 않습니다. ${text}`,
  );
}

/**
 * Problems of one or many issues as read from a file: the schema first, then what a schema
 * cannot see (a title of blanks). Empty when the value is good; its free text is then cleaned of
 * control characters in place, as the API's validation does.
 */
export function checkIssueFile(value: unknown): FieldProblem[] {
  const list = Array.isArray(value) ? value : [value];
  if (Array.isArray(value) && value.length === 0)
    return [{ field: '(root)', reason: 'holds no issues: expected an object or a non-empty array of objects' }];
  if (list.length > MAX_ISSUES_PER_FILE)
    return [{ field: '(root)', reason: `holds ${list.length} issues; at most ${MAX_ISSUES_PER_FILE} per file` }];
  const problems: FieldProblem[] = [];
  list.forEach((item, i) => {
    const prefix = Array.isArray(value) ? `[${i}]` : '';
    const at = (field: string) => (prefix ? (field === '(root)' ? prefix : `${prefix}.${field}`) : field);
    const errors = [...Value.Errors(CreateIssueRequest, item)] as SchemaError[];
    for (const p of describeSchemaErrors(errors, 'en')) problems.push({ field: at(p.field), reason: p.reason });
    if (errors.length > 0) return;
    // What the API's Ajv does with the x-text keyword: free text cleaned, control characters in a line refused.
    for (const field of applyTextRule(CreateIssueRequest, item))
      problems.push({
        field: at(field),
        reason: reason({ keyword: TEXT_KEYWORD, instancePath: '', params: {} }, 'en'),
      });
    for (const p of blankProblems(item as Record<string, unknown>, 'en'))
      problems.push({ field: at(p.field), reason: p.reason });
  });
  return problems;
}

export const MAX_ISSUES_PER_FILE = 500;

/** Text fields that must say something: the schema counts blanks as characters. */
export function blankProblems(input: Record<string, unknown>, lang: Lang): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const field of ['title', 'category', 'claim'] as const) {
    const v = input[field];
    if (typeof v === 'string' && v.trim() === '')
      out.push({ field, reason: lang === 'ko' ? '공백만으로 쓸 수 없습니다.' : 'must not be only blanks' });
  }
  return out;
}

/** Throws the API's Korean 400 for blank fields. */
export function assertNotBlank(input: Record<string, unknown>): void {
  const problems = blankProblems(input, 'ko');
  if (problems.length > 0)
    throw new UserError(`요청 본문이 올바르지 않습니다. ${problems.map(koreanProblem).join(' ')}`);
}
