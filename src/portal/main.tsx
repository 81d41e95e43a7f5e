import { render } from 'preact';
import '../ui/app.css';
import './portal.css';
import { PortalApp } from './PortalApp';

/** 이용자 포털앱: the recipient's PWA at /portal/ (its own manifest and scope; one service worker serves both apps). */
render(<PortalApp />, document.getElementById('portal')!);
void import('../pwa/register').then((m) => m.registerServiceWorker()).catch(() => undefined);
