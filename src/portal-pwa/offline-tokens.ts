/**
 * 오프라인 QR: the few host-signed offline tokens the portal keeps for a visit with no signal on
 * either phone (SPEC §5.5). Fetched whenever the portal is online (the host gives back the same
 * unused ones, never more than a few per voucher), kept in IndexedDB, shown one at a time; a
 * token shown is set aside, since the provider app may have taken it, and the host redeems it once.
 */
import { get, set } from 'idb-keyval';
import { offlineTokens } from '../api/portal';

const KEY = 'evoucher-portal-offline-tokens';

export interface StoredOfflineToken {
  readonly token: string;
  readonly programId: string;
  readonly expiresAt: number;
  readonly shownAt: number | null;
}

async function stored(): Promise<StoredOfflineToken[]> {
  return ((await get<StoredOfflineToken[]>(KEY)) ?? []).filter((t) => t.expiresAt > Date.now());
}

/** Refreshes the kept tokens from the host; keeps the old ones when the host cannot be reached. */
export async function refreshOfflineTokens(): Promise<number> {
  const kept = await stored();
  try {
    const { tokens } = await offlineTokens();
    const shown = new Set(kept.filter((t) => t.shownAt !== null).map((t) => t.token));
    await set(
      KEY,
      tokens.map((t) => ({ ...t, shownAt: shown.has(t.token) ? Date.now() : null })),
    );
    return tokens.length;
  } catch {
    return kept.length;
  }
}

/** The next token to show for a program (an unshown one first), marked shown. */
export async function nextOfflineToken(programId: string): Promise<StoredOfflineToken | null> {
  const kept = await stored();
  const candidates = kept.filter((t) => t.programId === programId).sort((a, b) => (a.shownAt ?? 0) - (b.shownAt ?? 0));
  const next = candidates[0];
  if (!next) return null;
  await set(
    KEY,
    kept.map((t) => (t.token === next.token ? { ...t, shownAt: Date.now() } : t)),
  );
  return next;
}

export async function offlineProgramIds(): Promise<string[]> {
  return [...new Set((await stored()).map((t) => t.programId))];
}
