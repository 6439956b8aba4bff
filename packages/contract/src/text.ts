import { Type, type TSchema, type TString } from 'typebox';

/**
 * The one rule for text that reaches the database: C0 and C1 control characters (U+0000–U+001F,
 * U+007F–U+009F) never do. PostgreSQL refuses U+0000 in text and jsonb outright, and the others
 * are invisible in the app and in logs.
 *
 * - Free text (an article, a note, a reason): controls are stripped, except tab and line feed;
 *   CR LF and a lone CR become LF. Pasted text often carries such bytes, and refusing it would
 *   only annoy.
 * - A single line (a title, a nickname, an email, a URL): any control, tab and line breaks
 *   included, is refused with a 400 that names the field. Silently changing a name is worse.
 *
 * Request schemas mark their strings with `Text()` or `Line()`; the server's Ajv runs the rule
 * through the `x-text` keyword (`textKeyword`), so it applies while the body is validated, in one
 * place. Code that reads text outside a schema (WebSocket frames, fetched pages) calls
 * `cleanText` or `hasControlChars` itself.
 */
export const TEXT_KEYWORD = 'x-text';
export type TextKind = 'text' | 'line';

// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const STRIPPED = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** Free text as it may be stored: controls removed except tab and LF, line breaks as LF. */
export function cleanText(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(STRIPPED, '');
}

/** True when a single-line value holds a control character (tab and line breaks included). */
export function hasControlChars(s: string): boolean {
  return ANY_CONTROL.test(s);
}

type StringOptions = Parameters<typeof Type.String>[0];

/** A free-text string of a request: stripped of controls before it is used. */
export const Text = (options: StringOptions = {}): TString => Type.String({ ...options, [TEXT_KEYWORD]: 'text' });

/** A single-line string of a request: refused when it holds a control character. */
export const Line = (options: StringOptions = {}): TString => Type.String({ ...options, [TEXT_KEYWORD]: 'line' });

/** Korean wording of a refused single line, shared by every error formatter. */
export const CONTROL_CHAR_MESSAGE = '제어 문자(줄바꿈·탭 포함)를 쓸 수 없습니다.';

interface KeywordError {
  keyword: string;
  message: string;
  params: Record<string, unknown>;
}
interface DataContext {
  parentData: Record<string | number, unknown>;
  parentDataProperty: string | number;
}
type TextValidate = ((
  kind: TextKind,
  data: string,
  parentSchema?: Record<string, unknown>,
  ctx?: DataContext,
) => boolean) & { errors?: KeywordError[] };

const validateText: TextValidate = (kind, data, parentSchema, ctx) => {
  if (kind === 'line') {
    if (!hasControlChars(data)) return true;
    validateText.errors = [{ keyword: TEXT_KEYWORD, message: CONTROL_CHAR_MESSAGE, params: { kind } }];
    return false;
  }
  const cleaned = cleanText(data);
  if (cleaned === data) return true;
  if (ctx) ctx.parentData[ctx.parentDataProperty] = cleaned;
  // What is left must still meet the schema's minimum (a body of NULs is not a claim).
  const min = typeof parentSchema?.minLength === 'number' ? parentSchema.minLength : 0;
  if ([...cleaned].length < min) {
    validateText.errors = [
      { keyword: 'minLength', message: `must NOT have fewer than ${min} characters`, params: { limit: min } },
    ];
    return false;
  }
  return true;
};

/**
 * The `x-text` keyword as an Ajv keyword definition (`ajv.addKeyword(textKeyword)`). Modifying:
 * free text is cleaned in place, so the handler sees what will be stored.
 */
export const textKeyword = {
  keyword: TEXT_KEYWORD,
  type: 'string',
  schemaType: 'string',
  modifying: true,
  errors: true,
  validate: validateText,
} as const;

/**
 * The same rule where Ajv does not run (TypeBox's `Value` ignores unknown keywords; the CLI
 * checks issue files with it): free text in `value` is cleaned in place, and the fields of
 * single lines that hold a control character are returned (`title`, `items.0.title`).
 */
export function applyTextRule(schema: TSchema, value: unknown, path = ''): string[] {
  const s = schema as Record<string, unknown> & { properties?: Record<string, TSchema>; anyOf?: TSchema[] };
  if (typeof value !== 'object' || value === null || !s.properties) return [];
  const record = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const [key, sub] of Object.entries(s.properties)) {
    const field = path ? `${path}.${key}` : key;
    const v = record[key];
    const branches = ((sub as { anyOf?: TSchema[] }).anyOf ?? [sub]) as Record<string, unknown>[];
    const kind = branches.map((b) => b[TEXT_KEYWORD]).find((k) => k !== undefined) as TextKind | undefined;
    if (typeof v === 'string' && kind === 'line' && hasControlChars(v)) problems.push(field);
    else if (typeof v === 'string' && kind === 'text') record[key] = cleanText(v);
    else problems.push(...applyTextRule(sub, v, field));
  }
  return problems;
}
