import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.js';
import { applySettings } from './features/settings/settings-store.js';
import { applyVerdictColours } from './lib/verdict.js';
import './app/app.css';

applyVerdictColours();
applySettings();
matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => applySettings());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// Only a build has a worker (sw.js is written by the build); the dev server must never be cached.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {});
  });
}
