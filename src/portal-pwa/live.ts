/**
 * 실시간 알림 while the portal is open: an EventSource on /api/portal/events (the recipient's
 * cookie goes with it). Each signal names what to fetch — an inbox message or a payment request —
 * and the screens fetch it. EventSource reconnects by itself (the host asks for 3 s).
 */
import * as v from 'valibot';
import { PORTAL_API, PortalSignalSchema, type PortalSignal } from '../domain/portal';

export function listenToPortal(onSignal: (signal: PortalSignal) => void): () => void {
  if (typeof EventSource === 'undefined') return () => undefined;
  const source = new EventSource(PORTAL_API.events);
  const handle = (event: MessageEvent) => {
    try {
      const parsed = v.safeParse(PortalSignalSchema, JSON.parse(String(event.data)));
      if (parsed.success) onSignal(parsed.output);
    } catch {
      // A line that is not a signal is ignored; the next one is read as usual.
    }
  };
  source.addEventListener('inbox', handle);
  source.addEventListener('request', handle);
  return () => source.close();
}
