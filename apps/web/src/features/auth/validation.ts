/**
 * What the login, register and password forms check before asking the server, so a typo is
 * named beside its field at once. The server checks again and has the last word.
 */
// The contract's PASSWORD and EMAIL limits, copied so the schema library stays out of the bundle
// (test/components/auth.test.tsx checks they still agree).
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 200;
export const EMAIL_MAX = 254;

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

// Deliberately loose: one @, something on each side, a dot in the domain. Real checking is the server's.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function emailError(email: string): string | undefined {
  const e = email.trim();
  if (!e) return '이메일을 입력해 주세요.';
  if (e.length > EMAIL_MAX || !EMAIL.test(e)) return '이메일 형식이 올바르지 않아요. 예: name@example.com';
  return undefined;
}

export function newPasswordError(password: string): string | undefined {
  if (!password) return '비밀번호를 입력해 주세요.';
  // Characters as the server counts them (code points: an emoji is one).
  const length = [...password].length;
  if (length < PASSWORD_MIN) return `비밀번호는 ${PASSWORD_MIN}자 이상이어야 해요.`;
  if (length > PASSWORD_MAX) return `비밀번호는 ${PASSWORD_MAX}자 이하여야 해요.`;
  return undefined;
}

export function validateLogin(v: { email: string; password: string }): FieldErrors<'email' | 'password'> {
  const errors: FieldErrors<'email' | 'password'> = {};
  const email = emailError(v.email);
  if (email) errors.email = email;
  // An existing password may predate today's rules: only its presence is checked here.
  if (!v.password) errors.password = '비밀번호를 입력해 주세요.';
  return errors;
}

export function validateRegister(v: {
  email: string;
  password: string;
  confirm: string;
}): FieldErrors<'email' | 'password' | 'confirm'> {
  const errors: FieldErrors<'email' | 'password' | 'confirm'> = {};
  const email = emailError(v.email);
  if (email) errors.email = email;
  const password = newPasswordError(v.password);
  if (password) errors.password = password;
  if (!password && v.confirm !== v.password) errors.confirm = '비밀번호가 서로 달라요.';
  return errors;
}

export function validatePasswordChange(v: {
  current: string;
  next: string;
  confirm: string;
}): FieldErrors<'current' | 'next' | 'confirm'> {
  const errors: FieldErrors<'current' | 'next' | 'confirm'> = {};
  if (!v.current) errors.current = '지금 쓰는 비밀번호를 입력해 주세요.';
  const next = newPasswordError(v.next);
  if (next) errors.next = next;
  else if (v.next === v.current) errors.next = '지금과 다른 비밀번호를 정해 주세요.';
  if (!errors.next && v.confirm !== v.next) errors.confirm = '새 비밀번호가 서로 달라요.';
  return errors;
}

export const hasErrors = (errors: object) => Object.keys(errors).length > 0;

/** The contract's NICKNAME limits (me.ts), copied for the same reason. */
export const NICKNAME = { min: 1, max: 20 } as const;
