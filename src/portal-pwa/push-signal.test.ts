import { describe, expect, it } from 'vitest';
import { notificationFor, portalUrlFor } from './push-signal';

describe('the portal push notification', () => {
  it('opens the inbox message or the payment request a push names, and the inbox otherwise', () => {
    expect(portalUrlFor({ type: 'inbox', messageId: 'm-1' })).toBe('/portal/#inbox/m-1');
    expect(portalUrlFor({ type: 'request', requestId: 'r-1', kind: 'qr' })).toBe('/portal/#request/r-1');
    expect(portalUrlFor(null)).toBe('/portal/#inbox');
  });

  it('says there is news and names nothing — no name, no amount', () => {
    for (const signal of [{ type: 'inbox', messageId: 'm-1' } as const, { type: 'request', requestId: 'r-1', kind: 'biometric' } as const, null]) {
      const { title, options } = notificationFor(signal);
      expect(title).toBe('사회서비스 전자바우처');
      expect(options.body).not.toMatch(/\d|원/);
      expect((options.data as { url: string }).url).toBe(portalUrlFor(signal));
    }
  });
});
