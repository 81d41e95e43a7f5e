import { describe, expect, it } from 'vitest';
import { hashOf, routeFromHash, type PortalRoute } from './portal-context';

describe('portal routes', () => {
  it('opens what a notification names: an inbox message or a payment request', () => {
    expect(routeFromHash('#inbox/m-1')).toEqual({ name: 'message', id: 'm-1' });
    expect(routeFromHash('#request/r%2F1')).toEqual({ name: 'request', id: 'r/1' });
    expect(routeFromHash('#inbox')).toEqual({ name: 'inbox' });
  });

  it('goes home for an empty or unknown hash, and a request without an id', () => {
    for (const hash of ['', '#', '#nowhere', '#request']) expect(routeFromHash(hash)).toEqual({ name: 'home' });
  });

  it('writes every route as a hash that reads back as the same route', () => {
    const routes: PortalRoute[] = [
      { name: 'login' },
      { name: 'signup' },
      { name: 'home' },
      { name: 'inbox' },
      { name: 'message', id: 'a b' },
      { name: 'settings' },
      { name: 'request', id: 'r-9' },
      { name: 'offline' },
    ];
    for (const route of routes) expect(routeFromHash(hashOf(route))).toEqual(route);
  });
});
