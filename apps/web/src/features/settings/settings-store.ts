import { load, save } from '../../lib/storage.js';
import { createStore } from '../../lib/store.js';

export type Theme = 'system' | 'light' | 'dark';
export type TextSize = 'small' | 'normal' | 'large';

export interface Settings {
  theme: Theme;
  textSize: TextSize;
}

/** Read again by the inline script of index.html before the first paint (same key). */
export const settingsStore = createStore<Settings>({
  theme: 'system',
  textSize: 'normal',
  ...load<Partial<Settings>>('settings', {}),
});

function systemDark(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
}

export function applySettings(s: Settings = settingsStore.get()): void {
  const root = document.documentElement;
  root.dataset.theme = s.theme === 'dark' || (s.theme === 'system' && systemDark()) ? 'dark' : 'light';
  root.dataset.textSize = s.textSize;
}

export function updateSettings(patch: Partial<Settings>): void {
  settingsStore.set((s) => ({ ...s, ...patch }));
  save('settings', settingsStore.get());
  applySettings();
}
