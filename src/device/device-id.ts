/**
 * 단말 식별: a random id made at first start and kept on the device (IndexedDB through idb-keyval,
 * localStorage when IndexedDB is unavailable), so registering again answers the same terminal.
 * It identifies the installed app, not the person; it holds nothing personal.
 */
import { get, set } from 'idb-keyval';

const KEY = 'evoucher.deviceId';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function fromLocalStorage(): string | null {
  try {
    const stored = localStorage.getItem(KEY);
    return stored && UUID.test(stored) ? stored : null;
  } catch {
    return null;
  }
}

function toLocalStorage(id: string): void {
  try {
    localStorage.setItem(KEY, id);
  } catch {
    // Private mode without storage: the id lives for this page only, registration still works.
  }
}

let cached: Promise<string> | null = null;

export function getDeviceId(): Promise<string> {
  cached ??= (async () => {
    try {
      const stored = await get<string>(KEY);
      if (typeof stored === 'string' && UUID.test(stored)) return stored;
    } catch {
      const local = fromLocalStorage();
      if (local) return local;
      const id = crypto.randomUUID();
      toLocalStorage(id);
      return id;
    }
    // IndexedDB works but is empty: an id from an earlier localStorage-only start is kept.
    const id = fromLocalStorage() ?? crypto.randomUUID();
    try {
      await set(KEY, id);
    } catch {
      // Fall through: localStorage below still keeps it.
    }
    toLocalStorage(id);
    return id;
  })();
  return cached;
}

interface UaDataLike {
  readonly platform?: string;
  readonly mobile?: boolean;
}

/** 모델이름: a short name of the device, e.g. "Android", "iPad", "Windows". */
export function modelName(nav: Navigator = navigator): string {
  const uaData = (nav as Navigator & { userAgentData?: UaDataLike }).userAgentData;
  if (uaData?.platform) return `${uaData.platform}${uaData.mobile ? ' 모바일' : ''}`.slice(0, 64);
  return modelFromUserAgent(nav.userAgent);
}

export function modelFromUserAgent(ua: string): string {
  const android = /Android [\d.]+; ([^;)]+)/.exec(ua);
  if (android?.[1] && android[1].trim() !== 'K') return `Android ${android[1].trim()}`.slice(0, 64);
  if (/Android/.test(ua)) return 'Android';
  if (/iPad/.test(ua)) return 'iPad';
  if (/iPhone/.test(ua)) return 'iPhone';
  if (/Windows/.test(ua)) return 'Windows';
  if (/Macintosh/.test(ua)) return 'Mac';
  if (/CrOS/.test(ua)) return 'ChromeOS';
  if (/Linux/.test(ua)) return 'Linux';
  return 'Web';
}
