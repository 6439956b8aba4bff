// What every test of the whole app sets up the same way: the address the router starts from,
// a returning user's first-run flags, the anonymous session the fake API hands out, and the
// clean-up after each test.
import { afterEach, beforeEach } from 'node:test';
import { cleanup, render } from '@testing-library/react';
import type { AnonymousIdentityResponse } from '@olala/contract/me';
import { App } from '../../src/app/app.js';
import { onboardingStore } from '../../src/features/onboarding/onboarding-store.js';
import { restoreFakeApis } from './fake-api.js';

/** The anonymous session `POST /v1/identity/anonymous` answers. */
export const IDENTITY: AnonymousIdentityResponse = {
  token: 'tok-1',
  expires_at: '2099-01-01T00:00:00.000Z',
  user: {
    user_id: 'u1',
    nickname: '익명 수달',
    color: '#123456',
    kind: 'anonymous',
    role: 'user',
    created_at: '2026-11-20T00:00:00.000Z',
  },
};

/** The address bar: the router reads it when the app mounts. */
export const go = (path: string) => history.replaceState(null, '', path);

/** The app at `path` (at the current address without one), as a load of that address shows it. */
export function renderApp(path?: string) {
  if (path !== undefined) go(path);
  return render(<App />);
}

/**
 * The hooks of a file that renders the app. Before each test: storage cleared, the address `/`,
 * the introduction and the coach done (`onboardingDone: false` shows the introduction), then
 * `reset` (the file's own stores). After it: the tree unmounted and every fake API put back.
 */
export function appHooks(options: { onboardingDone?: boolean; reset?: () => void } = {}): void {
  beforeEach(() => {
    localStorage.clear();
    onboardingStore.set({ onboardingDone: options.onboardingDone ?? true, coachDone: true, coachRequested: false });
    go('/');
    options.reset?.();
  });
  afterEach(() => {
    cleanup();
    restoreFakeApis();
  });
}
