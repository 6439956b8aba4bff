import { useState, type FormEvent } from 'react';
import { ApiError } from '../../../lib/api-client.js';
import { linkHandler } from '../../../lib/router.js';
import { login } from '../api/login.js';
import { register } from '../api/register.js';
import { PASSWORD_MIN, validateLogin, validateRegister } from '../validation.js';
import { Field, useFields } from './field.js';

type Mode = 'login' | 'register';

const TEXT = {
  login: { title: '로그인', submit: '로그인', busy: '로그인 중…', other: '계정이 없나요?', otherLink: '회원가입' },
  register: {
    title: '회원가입',
    submit: '가입하기',
    busy: '가입하는 중…',
    other: '이미 계정이 있나요?',
    otherLink: '로그인',
  },
} as const;

/**
 * The login and register screens: one form, checked on submit and then as the user fixes it.
 * `onDone` runs after the account's session has replaced the anonymous one.
 */
export function LoginForm({ mode, otherHref, onDone }: { mode: Mode; otherHref: string; onDone: () => void }) {
  const { values, formRef, bind, check } = useFields({ email: '', password: '', confirm: '' }, (v) =>
    mode === 'login' ? validateLogin(v) : validateRegister(v),
  );
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState<string>();
  const text = TEXT[mode];

  async function submit(e: FormEvent) {
    e.preventDefault();
    setServerError(undefined);
    if (!check()) return;
    setBusy(true);
    try {
      await (mode === 'login' ? login : register)({ email: values.email, password: values.password });
      onDone();
    } catch (err) {
      setServerError(err instanceof ApiError ? err.message : '잠시 후 다시 시도해 주세요.');
      setBusy(false);
    }
  }

  return (
    <section className="page auth-page" aria-labelledby="auth-title">
      <h1 id="auth-title" className="page-title">
        {text.title}
      </h1>
      <p className="muted">
        {mode === 'login'
          ? '로그인하면 이 기기의 기록과 북마크가 계정으로 옮겨지고, 다른 기기에서도 이어서 볼 수 있어요.'
          : '가입하면 지금까지의 기록과 북마크, 닉네임이 계정에 그대로 남아요.'}
      </p>
      <form
        ref={formRef}
        className="card auth-form"
        noValidate
        onSubmit={submit}
        aria-describedby={serverError ? 'auth-error' : undefined}
      >
        <Field id="auth-email" type="email" label="이메일" autoComplete="email" inputMode="email" {...bind('email')} />
        <Field
          id="auth-password"
          type="password"
          label="비밀번호"
          autoComplete={mode === 'login' ? 'current-password' : 'new-password'}
          hint={mode === 'register' ? `${PASSWORD_MIN}자 이상` : undefined}
          {...bind('password')}
        />
        {mode === 'register' && (
          <Field
            id="auth-confirm"
            type="password"
            label="비밀번호 확인"
            autoComplete="new-password"
            {...bind('confirm')}
          />
        )}
        {serverError && (
          <p id="auth-error" className="error-text" role="alert">
            {serverError}
          </p>
        )}
        <button type="submit" className="primary big" disabled={busy}>
          {busy ? text.busy : text.submit}
        </button>
      </form>
      <p>
        {text.other}{' '}
        <a href={otherHref} onClick={linkHandler(otherHref)}>
          {text.otherLink}
        </a>
      </p>
    </section>
  );
}
