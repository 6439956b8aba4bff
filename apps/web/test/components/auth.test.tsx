import '../support/dom.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { EMAIL, PASSWORD } from '@olala/contract/auth';
import { NICKNAME as CONTRACT_NICKNAME } from '@olala/contract/me';
import {
  EMAIL_MAX,
  NICKNAME,
  PASSWORD_MAX,
  PASSWORD_MIN,
  validateLogin,
  validatePasswordChange,
  validateRegister,
} from '../../src/features/auth/validation.js';
import { currentIdentity } from '../../src/lib/auth.js';
import { appHooks, IDENTITY, renderApp } from '../support/app.js';
import { fakeApi, json } from '../support/fake-api.js';

const ANON = { ...IDENTITY, token: 'tok-anon' };
const ACCOUNT = {
  token: 'tok-account',
  expires_at: '2099-01-01T00:00:00.000Z',
  user: { ...ANON.user, kind: 'account' },
};

let api: ReturnType<typeof fakeApi> | undefined;

appHooks();

test('form checks: email shape, password length in characters, confirmation, a new password unlike the old', () => {
  assert.deepEqual(validateLogin({ email: '', password: '' }), {
    email: '이메일을 입력해 주세요.',
    password: '비밀번호를 입력해 주세요.',
  });
  assert.match(validateLogin({ email: 'name@', password: 'x' }).email!, /형식이 올바르지 않아요/);
  assert.deepEqual(
    validateLogin({ email: ' name@example.com ', password: 'x' }),
    {},
    'login checks only that a password is there',
  );
  assert.match(validateRegister({ email: 'a@b.co', password: '1234567', confirm: '1234567' }).password!, /8자 이상/);
  assert.deepEqual(
    validateRegister({ email: 'a@b.co', password: '😀'.repeat(8), confirm: '😀'.repeat(8) }),
    {},
    'an emoji is one character, as the server counts',
  );
  assert.match(validateRegister({ email: 'a@b.co', password: 'x'.repeat(201), confirm: '' }).password!, /200자 이하/);
  assert.deepEqual(validateRegister({ email: 'a@b.co', password: 'password1', confirm: 'password2' }), {
    confirm: '비밀번호가 서로 달라요.',
  });
  assert.deepEqual(validatePasswordChange({ current: 'password1', next: 'password1', confirm: 'password1' }), {
    next: '지금과 다른 비밀번호를 정해 주세요.',
  });
  assert.deepEqual(validatePasswordChange({ current: '', next: 'password2', confirm: 'password3' }), {
    current: '지금 쓰는 비밀번호를 입력해 주세요.',
    confirm: '새 비밀번호가 서로 달라요.',
  });
});

test("the app's copied limits match the contract", () => {
  assert.deepEqual([PASSWORD_MIN, PASSWORD_MAX, EMAIL_MAX], [PASSWORD.min, PASSWORD.max, EMAIL.max]);
  assert.deepEqual(NICKNAME, CONTRACT_NICKNAME);
});

test('login: errors beside their fields and focus on the first; then the account session replaces the anonymous one and History is the account’s', async () => {
  localStorage.setItem('olala.identity', JSON.stringify(ANON));
  localStorage.setItem('olala.cache.history', JSON.stringify([{ analysis_id: 'old' }]));
  api = fakeApi({
    'POST /v1/auth/login': (call) => {
      const body = call.body as { email: string; password: string };
      if (body.password !== 'correct horse')
        return json(401, { code: 'INVALID_CREDENTIALS', message: '이메일 또는 비밀번호가 맞지 않아요.' });
      return json(200, ACCOUNT);
    },
    'GET /v1/me': () => json(200, { ...ACCOUNT.user, email: 'me@example.com' }),
  });
  renderApp('/login?next=/history');
  const submit = await screen.findByRole('button', { name: '로그인' });
  fireEvent.click(submit);
  const email = screen.getByLabelText('이메일');
  assert.equal(email.getAttribute('aria-invalid'), 'true');
  assert.equal(document.activeElement, email, 'focus moves to the first field to fix');
  assert.equal(email.getAttribute('aria-describedby'), 'auth-email-error');
  assert.equal(document.getElementById('auth-email-error')!.textContent, '이메일을 입력해 주세요.');
  assert.equal(api.calls.length, 0, 'nothing sent while the form is wrong');

  fireEvent.change(email, { target: { value: 'me@example.com' } });
  assert.equal(email.getAttribute('aria-invalid'), null, 'a fixed field clears as the user types');
  fireEvent.change(screen.getByLabelText('비밀번호'), { target: { value: 'wrong' } });
  fireEvent.click(submit);
  assert.equal((await screen.findByRole('alert')).textContent, '이메일 또는 비밀번호가 맞지 않아요.');
  assert.equal(currentIdentity()!.token, 'tok-anon', 'a failed login keeps the anonymous session');

  fireEvent.change(screen.getByLabelText('비밀번호'), { target: { value: 'correct horse' } });
  fireEvent.click(submit);
  await waitFor(() => assert.equal(location.pathname, '/history'));
  const logins = api.calls.filter((c) => c.path === '/v1/auth/login');
  assert.deepEqual(logins.at(-1)!.body, { email: 'me@example.com', password: 'correct horse' });
  assert.equal(
    logins.at(-1)!.headers.authorization,
    'Bearer tok-anon',
    'the anonymous token goes along, so the server merges its history',
  );
  assert.equal(currentIdentity()!.token, 'tok-account');
  assert.equal(localStorage.getItem('olala.cache.history'), null, "the anonymous user's kept list is dropped");
});

test('register: a dead device token only means nothing to carry over; the account session is kept', async () => {
  localStorage.setItem('olala.identity', JSON.stringify(ANON));
  api = fakeApi({
    'POST /v1/auth/register': (call) =>
      call.headers.authorization ? json(401, { code: 'UNAUTHORIZED', message: '토큰 만료' }) : json(201, ACCOUNT),
    'GET /v1/me': () => json(200, { ...ACCOUNT.user, email: 'new@example.com' }),
  });
  renderApp('/register');
  fireEvent.change(await screen.findByLabelText('이메일'), { target: { value: 'new@example.com' } });
  fireEvent.change(screen.getByLabelText('비밀번호'), { target: { value: 'password1' } });
  fireEvent.change(screen.getByLabelText('비밀번호 확인'), { target: { value: 'password2' } });
  fireEvent.click(screen.getByRole('button', { name: '가입하기' }));
  assert.equal(document.activeElement, screen.getByLabelText('비밀번호 확인'));
  fireEvent.change(screen.getByLabelText('비밀번호 확인'), { target: { value: 'password1' } });
  fireEvent.click(screen.getByRole('button', { name: '가입하기' }));
  await waitFor(() => assert.equal(location.pathname, '/profile'));
  assert.deepEqual(
    api.calls.filter((c) => c.path === '/v1/auth/register').map((c) => c.headers.authorization),
    ['Bearer tok-anon', undefined],
  );
  assert.equal(currentIdentity()!.token, 'tok-account');
  assert.ok(await screen.findByText('new@example.com'));
});

test('profile: nickname and colour saved; password change; logout returns to an anonymous device', async () => {
  localStorage.setItem('olala.identity', JSON.stringify(ACCOUNT));
  let profile = { ...ACCOUNT.user, email: 'me@example.com' };
  api = fakeApi({
    'GET /v1/me': () => json(200, profile),
    'PATCH /v1/me': (call) => json(200, (profile = { ...profile, ...(call.body as object) })),
    'POST /v1/auth/password': (call) =>
      (call.body as { current_password: string }).current_password === 'password1'
        ? json(204, null)
        : json(403, { code: 'INVALID_CREDENTIALS', message: '현재 비밀번호가 맞지 않아요.' }),
    'POST /v1/auth/logout': () => json(204, null),
  });
  renderApp('/profile');
  assert.ok(await screen.findByText('me@example.com'));
  const nickname = screen.getByLabelText('닉네임') as HTMLInputElement;
  await waitFor(() => assert.equal(nickname.value, '익명 수달'));
  fireEvent.change(nickname, { target: { value: '' } });
  fireEvent.click(screen.getByRole('button', { name: '저장' }));
  assert.match(screen.getByText(/닉네임은 1~20자/).textContent!, /1~20자/);
  assert.equal(api.calls.filter((c) => c.method === 'PATCH').length, 0);
  fireEvent.change(nickname, { target: { value: '새 이름' } });
  fireEvent.input(screen.getByLabelText('내 색'), { target: { value: '#AA3300' } });
  fireEvent.change(screen.getByLabelText('내 색'), { target: { value: '#AA3300' } });
  fireEvent.click(screen.getByRole('button', { name: '저장' }));
  assert.ok(await screen.findByText('프로필을 저장했어요.'));
  assert.deepEqual(api.calls.find((c) => c.method === 'PATCH')!.body, { nickname: '새 이름', color: '#aa3300' });
  assert.equal(currentIdentity()!.user.nickname, '새 이름', 'the kept identity follows');

  fireEvent.change(screen.getByLabelText('현재 비밀번호'), { target: { value: 'nope-nope' } });
  fireEvent.change(screen.getByLabelText('새 비밀번호'), { target: { value: 'password2' } });
  fireEvent.change(screen.getByLabelText('새 비밀번호 확인'), { target: { value: 'password2' } });
  fireEvent.click(screen.getByRole('button', { name: '비밀번호 변경' }));
  assert.equal((await screen.findByRole('alert')).textContent, '현재 비밀번호가 맞지 않아요.');
  fireEvent.change(screen.getByLabelText('현재 비밀번호'), { target: { value: 'password1' } });
  fireEvent.click(screen.getByRole('button', { name: '비밀번호 변경' }));
  assert.ok(await screen.findByText(/비밀번호를 바꿨어요/));

  await act(async () => fireEvent.click(screen.getByRole('button', { name: '로그아웃' })));
  await waitFor(() => assert.equal(currentIdentity(), undefined));
  assert.equal(api.calls.find((c) => c.path === '/v1/auth/logout')!.headers.authorization, 'Bearer tok-account');
  assert.ok(await screen.findByRole('link', { name: '로그인' }), 'an anonymous device is offered login again');
});

test('password change: nothing sent while a field is wrong; focus on the first; a fixed field clears as the user types; the form empties once changed', async () => {
  localStorage.setItem('olala.identity', JSON.stringify(ACCOUNT));
  api = fakeApi({
    'GET /v1/me': () => json(200, { ...ACCOUNT.user, email: 'me@example.com' }),
    'POST /v1/auth/password': () => json(204, null),
  });
  renderApp('/profile');
  const current = (await screen.findByLabelText('현재 비밀번호')) as HTMLInputElement;
  const next = screen.getByLabelText('새 비밀번호') as HTMLInputElement;
  const confirm = screen.getByLabelText('새 비밀번호 확인') as HTMLInputElement;
  fireEvent.change(current, { target: { value: 'password1' } });
  fireEvent.change(next, { target: { value: 'password2' } });
  fireEvent.change(confirm, { target: { value: 'password3' } });
  fireEvent.click(screen.getByRole('button', { name: '비밀번호 변경' }));
  assert.equal(confirm.getAttribute('aria-invalid'), 'true');
  assert.equal(document.activeElement, confirm, 'focus moves to the field to fix');
  assert.equal(document.getElementById('pw-confirm-error')!.textContent, '새 비밀번호가 서로 달라요.');
  assert.equal(current.getAttribute('aria-invalid'), null);
  assert.equal(api.calls.filter((c) => c.path === '/v1/auth/password').length, 0);

  fireEvent.change(confirm, { target: { value: 'password2' } });
  assert.equal(confirm.getAttribute('aria-invalid'), null, 'a fixed field clears as the user types');
  fireEvent.click(screen.getByRole('button', { name: '비밀번호 변경' }));
  assert.ok(await screen.findByText(/비밀번호를 바꿨어요/));
  assert.deepEqual(api.calls.find((c) => c.path === '/v1/auth/password')!.body, {
    current_password: 'password1',
    new_password: 'password2',
  });
  assert.deepEqual([current.value, next.value, confirm.value], ['', '', '']);
  fireEvent.change(current, { target: { value: 'x' } });
  assert.equal(next.getAttribute('aria-invalid'), null, 'an emptied form waits for the next submit to judge');
});
