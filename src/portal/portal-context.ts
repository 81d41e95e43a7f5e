import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { RecipientSession } from '../domain/portal';
import type { ShownError } from '../ui/ErrorNotice';

/** The portal's screens: a hash route each, so a notification can open one directly (/portal/#inbox/<id>). */
export type PortalRoute =
  | { name: 'login' }
  | { name: 'signup' }
  | { name: 'home' }
  | { name: 'inbox' }
  | { name: 'message'; id: string }
  | { name: 'settings' }
  | { name: 'request'; id: string }
  | { name: 'offline' };

export function routeFromHash(hash: string): PortalRoute {
  const [name = '', id = ''] = hash.replace(/^#\/?/, '').split('/');
  const decoded = decodeURIComponent(id);
  switch (name) {
    case 'signup':
      return { name: 'signup' };
    case 'inbox':
      return decoded ? { name: 'message', id: decoded } : { name: 'inbox' };
    case 'settings':
      return { name: 'settings' };
    case 'request':
      return decoded ? { name: 'request', id: decoded } : { name: 'home' };
    case 'offline':
      return { name: 'offline' };
    case 'login':
      return { name: 'login' };
    default:
      return { name: 'home' };
  }
}

export function hashOf(route: PortalRoute): string {
  if (route.name === 'message') return `#inbox/${encodeURIComponent(route.id)}`;
  if (route.name === 'request') return `#request/${encodeURIComponent(route.id)}`;
  return `#${route.name}`;
}

export interface PortalContextValue {
  readonly session: RecipientSession | null;
  setSession(session: RecipientSession | null): void;
  go(route: PortalRoute): void;
  showError(cause: unknown): ShownError;
  /** Bumped on every live signal, so open screens refetch. */
  readonly liveTick: number;
}

export const PortalContext = createContext<PortalContextValue | null>(null);

export function usePortal(): PortalContextValue {
  const value = useContext(PortalContext);
  if (!value) throw new Error('usePortal outside the portal');
  return value;
}
