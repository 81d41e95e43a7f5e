import { render } from 'preact';
import '../ui/app.css';
import { App } from './App';

const root = document.getElementById('app');
if (root) render(<App />, root);

// The service worker is optional for the app to run: a page without it (dev, old browser) works online.
// Registered once the page has loaded, so that its precache does not share a slow link with the
// first screen's own requests.
if ('serviceWorker' in navigator) {
  const register = () => import('../pwa/register').then((m) => m.registerServiceWorker()).catch(() => {});
  if (document.readyState === 'complete') void register();
  else addEventListener('load', () => void register(), { once: true });
}
