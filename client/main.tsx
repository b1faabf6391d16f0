import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { i18nReady } from './i18n/index.ts';
// Tokens first: every other stylesheet, the features' lazy ones too, reads its colours from them.
import './styles/tokens.css';
import './styles.css';
import { App } from './App.tsx';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

const mount = root;
// The first screen's strings arrive with the code (its own small chunk); drawing before them
// would flash translation keys.
void i18nReady.finally(() =>
  createRoot(mount).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);

// A phone that has joined can reload with no signal (client/sw.ts). Registered after the page has
// loaded, so fetching the worker never competes with the first screen for a slow network.
if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker
      .register('/sw.js')
      .then(() => navigator.serviceWorker.ready)
      .then((registration) => {
        // What this page loaded before the worker could see it: stored for the next offline reload.
        const urls = performance.getEntriesByType('resource').map((e) => e.name);
        registration.active?.postMessage({ type: 'keep', urls });
      })
      .catch(() => undefined);
  });
}
