import { render } from 'preact';
import '../ui/app.css';
import { App } from './App';

const root = document.getElementById('app');
if (root) render(<App />, root);

// The service worker is optional for the app to run: a page without it (dev, old browser) works online.
if ('serviceWorker' in navigator) {
  import('../pwa/register').then((m) => m.registerServiceWorker()).catch(() => {});
}
