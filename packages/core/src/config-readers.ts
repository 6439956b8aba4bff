/**
 * The one way to read an environment variable: every loader (config.ts, llm/, fetch/, sources/)
 * goes through these readers, so a bad value always fails at start with the same kind of
 * message — the variable, what was wrong, what is allowed. A leaf: it imports nothing from core,
 * so the loaders and config.ts never import each other in a loop.
 */

export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`${variable}: ${reason}`);
    this.name = 'ConfigError';
  }
}

/** `NAME: expected …, got "…"`, the message of every value the readers refuse. */
export function invalid(variable: string, allowed: string, got: string, problem?: string): ConfigError {
  return new ConfigError(variable, `${problem ? `${problem}; ` : ''}expected ${allowed}, got "${got}"`);
}

/** The trimmed value; undefined when the variable is unset or blank. */
export function readString(env: Env, name: string): string | undefined {
  return env[name]?.trim() || undefined;
}

interface Range {
  min: number;
  max: number;
}

/** The value as a number of `kind` within `range`; undefined when unset. */
function readNumeric(
  env: Env,
  name: string,
  { min, max }: Range,
  kind: 'an integer' | 'a number' | 'a number of seconds',
): number | undefined {
  const raw = readString(env, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  const wellFormed = kind === 'an integer' ? Number.isInteger(value) : Number.isFinite(value);
  if (!wellFormed || value < min || value > max) throw invalid(name, `${kind} from ${min} to ${max}`, raw);
  return value;
}

export function readInteger(env: Env, name: string, fallback: number, range: Range): number {
  return readNumeric(env, name, range, 'an integer') ?? fallback;
}

export function readNumber(env: Env, name: string, fallback: number, range: Range): number {
  return readNumeric(env, name, range, 'a number') ?? fallback;
}

/** A duration given in seconds (fractions allowed), as whole milliseconds. */
export function readSecondsAsMs(env: Env, name: string, fallbackSeconds: number, range: Range): number {
  return Math.round((readNumeric(env, name, range, 'a number of seconds') ?? fallbackSeconds) * 1000);
}

const TRUE = ['1', 'true'];
const FALSE = ['0', 'false'];

export function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = readString(env, name);
  if (raw === undefined) return fallback;
  const value = raw.toLowerCase();
  if (TRUE.includes(value)) return true;
  if (FALSE.includes(value)) return false;
  throw invalid(name, '1 or 0 (true or false)', raw);
}

/** `a`, `a or b`, or `one of a, b, c`. */
export function describeChoices(allowed: readonly string[]): string {
  if (allowed.length <= 2) return allowed.join(' or ');
  return `one of ${allowed.join(', ')}`;
}

/** One of `allowed`, compared case-insensitively (the values are lower case). */
export function readEnum<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = readString(env, name);
  if (raw === undefined) return fallback;
  const value = raw.toLowerCase();
  if (!(allowed as readonly string[]).includes(value)) throw invalid(name, describeChoices(allowed), raw);
  return value as T;
}

export interface UrlOptions {
  /** Allowed schemes, e.g. `['http:', 'https:']`; any when omitted (`postgres:` …). */
  protocols?: readonly string[];
}

/** A URL as given (trimmed); messages show it with its password hidden. */
export function readUrl(env: Env, name: string, options: UrlOptions = {}): string | undefined {
  const raw = readString(env, name);
  if (raw === undefined) return undefined;
  const allowed = options.protocols
    ? `${describeChoices(options.protocols.map((p) => p.replace(/:$/, '')))} URL`
    : 'a URL';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid(name, options.protocols ? `an ${allowed}` : allowed, redactUrl(raw), 'not a valid URL');
  }
  if (options.protocols && !options.protocols.includes(url.protocol))
    throw invalid(name, `an ${allowed}`, redactUrl(raw));
  return raw;
}

/** Hides the password of a connection URL so it can be logged. */
export function redactUrl(raw: string): string {
  try {
    const u = new URL(raw);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return raw.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  }
}
