import { load, save } from '../../lib/storage.js';
import { createStore } from '../../lib/store.js';

/** First-run flags, the predecessor's `onboarding_completed` and `coach_completed`. */
export const onboardingStore = createStore({
  onboardingDone: load<boolean>('onboarding_completed', false),
  coachDone: load<boolean>('coach_completed', false),
  /** The help button asked for the coach again. */
  coachRequested: false,
});

export function finishOnboarding(): void {
  save('onboarding_completed', true);
  onboardingStore.set((s) => ({ ...s, onboardingDone: true }));
}

export function showOnboardingAgain(): void {
  onboardingStore.set((s) => ({ ...s, onboardingDone: false }));
}

export function finishCoach(): void {
  save('coach_completed', true);
  onboardingStore.set((s) => ({ ...s, coachDone: true, coachRequested: false }));
}

export function requestCoach(): void {
  onboardingStore.set((s) => ({ ...s, coachRequested: true }));
}
