import { useEffect, useState, type FormEvent } from 'react';
import { NICKNAME, PASSWORD_MIN, validatePasswordChange } from '../validation.js';
import { ApiError } from '../../../lib/api-client.js';
import { useIdentity } from '../../../lib/auth.js';
import { linkHandler } from '../../../lib/router.js';
import { changePassword } from '../api/change-password.js';
import { logout } from '../api/logout.js';
import { getMe, updateProfile } from '../api/profile.js';
import { Field, useFields } from './field.js';

const messageOf = (err: unknown) => (err instanceof ApiError ? err.message : '잠시 후 다시 시도해 주세요.');

function ProfileForm() {
  const identity = useIdentity();
  const user = identity?.user;
  const [nickname, setNickname] = useState(user?.nickname ?? '');
  const [color, setColor] = useState(user?.color ?? '#1d4ed8');
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [busy, setBusy] = useState(false);

  // The form starts from the server's copy once it arrives (another device may have changed it).
  useEffect(() => {
    const ac = new AbortController();
    getMe(ac.signal).then(
      (u) => {
        setNickname(u.nickname);
        setColor(u.color);
      },
      () => {},
    );
    return () => ac.abort();
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const name = nickname.trim();
    setStatus(undefined);
    if (name.length < NICKNAME.min || name.length > NICKNAME.max) {
      setError(`닉네임은 ${NICKNAME.min}~${NICKNAME.max}자로 정해 주세요.`);
      document.getElementById('profile-nickname')?.focus();
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      const u = await updateProfile({ nickname: name, color: color.toLowerCase() });
      setNickname(u.nickname);
      setColor(u.color);
      setStatus('프로필을 저장했어요.');
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="profile-form-title">
      <h2 id="profile-form-title">닉네임과 색</h2>
      <div className="profile-preview" aria-hidden="true">
        <span className="avatar" style={{ background: color }} />
        <strong>{nickname.trim() || '닉네임'}</strong>
      </div>
      <Field
        id="profile-nickname"
        name="nickname"
        label="닉네임"
        maxLength={NICKNAME.max}
        autoComplete="nickname"
        value={nickname}
        onChange={(e) => setNickname(e.target.value)}
        error={error}
        hint="채팅방에서 다른 사람에게 보이는 이름이에요."
      />
      <div className="field field-inline">
        <label htmlFor="profile-color">내 색</label>
        <input id="profile-color" name="color" type="color" value={color} onChange={(e) => setColor(e.target.value)} />
      </div>
      <p role="status" className="muted small">
        {status}
      </p>
      <button type="submit" className="primary" disabled={busy}>
        {busy ? '저장하는 중…' : '저장'}
      </button>
    </form>
  );
}

function PasswordForm() {
  const { values, formRef, bind, check, clear } = useFields(
    { current: '', next: '', confirm: '' },
    validatePasswordChange,
  );
  const [serverError, setServerError] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setServerError(undefined);
    setStatus(undefined);
    if (!check()) return;
    setBusy(true);
    try {
      await changePassword({ current_password: values.current, new_password: values.next });
      clear();
      setStatus('비밀번호를 바꿨어요. 다른 기기에서는 다시 로그인해야 해요.');
    } catch (err) {
      setServerError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form ref={formRef} className="card" onSubmit={submit} noValidate aria-labelledby="password-form-title">
      <h2 id="password-form-title">비밀번호 변경</h2>
      <Field
        id="pw-current"
        type="password"
        label="현재 비밀번호"
        autoComplete="current-password"
        {...bind('current')}
      />
      <Field
        id="pw-next"
        type="password"
        label="새 비밀번호"
        autoComplete="new-password"
        hint={`${PASSWORD_MIN}자 이상`}
        {...bind('next')}
      />
      <Field
        id="pw-confirm"
        type="password"
        label="새 비밀번호 확인"
        autoComplete="new-password"
        {...bind('confirm')}
      />
      {serverError && (
        <p className="error-text" role="alert">
          {serverError}
        </p>
      )}
      <p role="status" className="muted small">
        {status}
      </p>
      <button type="submit" className="primary" disabled={busy}>
        {busy ? '바꾸는 중…' : '비밀번호 변경'}
      </button>
    </form>
  );
}

/**
 * `/profile`: nickname and colour for everyone; password and logout for accounts; login and
 * register links for an anonymous device. `onLoggedOut` lets the shell drop what belonged to
 * the account (its cached lists).
 */
export function ProfilePage({
  loginHref,
  registerHref,
  onLoggedOut,
}: {
  loginHref: string;
  registerHref: string;
  onLoggedOut: () => void;
}) {
  const identity = useIdentity();
  const account = identity?.user.kind === 'account';
  const [logoutError, setLogoutError] = useState<string>();
  const email = (identity?.user as { email?: string } | undefined)?.email;

  return (
    <section className="page" aria-labelledby="profile-title">
      <h1 id="profile-title" className="page-title">
        프로필
      </h1>
      <p className="card" data-testid="account-state">
        {account ? (
          <>
            <strong>{email ?? '계정'}</strong>으로 로그인했어요. 기록과 북마크가 계정에 저장돼요.
          </>
        ) : (
          <>로그인하지 않은 익명 사용자예요. 기록과 북마크는 이 기기의 익명 사용자에게 저장돼요.</>
        )}
      </p>
      <ProfileForm key={identity?.user.user_id ?? 'none'} />
      {account ? (
        <>
          <PasswordForm />
          <section className="card">
            <h2>로그아웃</h2>
            <p className="muted small">
              이 기기에서 로그아웃하면 새 익명 사용자로 돌아가요. 계정의 기록은 다시 로그인하면 볼 수 있어요.
            </p>
            {logoutError && (
              <p className="error-text" role="alert">
                {logoutError}
              </p>
            )}
            <button
              type="button"
              className="secondary"
              onClick={() =>
                logout().then(onLoggedOut, (err: unknown) => {
                  // The device forgot the session anyway; the server will let it expire.
                  setLogoutError(messageOf(err));
                  onLoggedOut();
                })
              }
            >
              로그아웃
            </button>
          </section>
        </>
      ) : (
        <section className="card">
          <h2>계정</h2>
          <p className="muted small">계정을 만들면 다른 기기에서도 기록과 북마크를 이어서 볼 수 있어요.</p>
          <div className="actions">
            <a className="button primary" href={loginHref} onClick={linkHandler(loginHref)}>
              로그인
            </a>
            <a className="button secondary" href={registerHref} onClick={linkHandler(registerHref)}>
              회원가입
            </a>
          </div>
        </section>
      )}
    </section>
  );
}
