import { render } from 'preact';
import '../ui/app.css';
import { App } from './App';

const root = document.getElementById('app');
if (root) render(<App />, root);

// The service worker is registered by the shell once 등록 확인 has answered (App.tsx), so that its
// precache does not share a slow link with the first screen's own requests.
