import { render } from 'preact';
import '../ui/app.css';
import './admin.css';
import { AdminApp } from './AdminApp';

/** 기관 관리: the institution's console at /admin/ (its own manifest and scope; the root service worker serves all three apps). */
render(<AdminApp />, document.getElementById('admin')!);
void import('../pwa/register').then((m) => m.registerServiceWorker()).catch(() => undefined);
