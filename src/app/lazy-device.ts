/**
 * The device services as the shell hands them to the screens before their code has loaded: Dexie,
 * the database and the syncer are not part of the first screen (등록 확인 needs none of them), so
 * they arrive as a separate chunk once the first screen is done (App), or at the first verb called
 * before that. Every verb waits for that chunk the first time, then calls straight through. Live
 * reads wait until it has loaded, without loading it (useLive: a liveQuery only tracks reads made
 * inside Dexie's own promises, not across a chunk load).
 */
import { holdLiveQueriesUntil } from '../ui/useLive';
import type { DeviceServices } from './device-services';

type Verb = keyof DeviceServices;

const VERBS = [
  'syncNow',
  'syncIfOnline',
  'afterCapture',
  'refreshSnapshot',
  'findVoucherByCard',
  'findCardOnDevice',
  'findVoucherByOfflineQr',
  'canVerifyOfflineQr',
  'institutionName',
  'tariff',
  'resolveOpenService',
  'startServiceOnDevice',
  'discardOnDevice',
  'provisionalBalanceOf',
  'noteHostBalance',
  'enqueuePayment',
  'cancelQueued',
  'enqueueCancel',
  'cancellableOnDevice',
  'acknowledgeRefusal',
  'rememberInflight',
  'forgetInflight',
  'listInflight',
  'rememberSession',
  'cachedSession',
  'unfinishedWork',
  'wipeWorkerData',
  'countQueued',
  'syncStatus',
  'listPending',
  'recentReceipts',
  'listVouchers',
  'hiddenPrograms',
  'setProgramHidden',
  'provincialTopUp',
  'setProvincialTopUp',
  'findTerminalWorker',
  'findTerminalWorkerByCard',
  'terminalWorkers',
  'lastWorkerPaymentId',
  'rememberLastWorkerPaymentId',
  'terminalRevoked',
  'setTerminalRevoked',
] as const satisfies readonly Verb[];

// A verb added to DeviceServices and not listed above fails to compile here.
type Unlisted = Exclude<Verb, (typeof VERBS)[number]>;
const everyVerbListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyVerbListed;

export interface LazyDeviceServices {
  readonly services: DeviceServices;
  /** Starts loading (idempotent); settles once the verbs call straight through. */
  load(): Promise<DeviceServices>;
}

export function lazyDeviceServices(open: () => Promise<DeviceServices>): LazyDeviceServices {
  let loaded: DeviceServices | null = null;
  let loading: Promise<DeviceServices> | null = null;
  let markLoaded: () => void = () => undefined;
  const loadedOnce = new Promise<void>((resolve) => (markLoaded = resolve));
  const load = (): Promise<DeviceServices> => {
    loading ??= open().then(
      (services) => {
        loaded = services;
        markLoaded();
        return services;
      },
      (cause: unknown) => {
        // A failed chunk load (a deploy swapped the files, a flaky link) is tried again on the next call.
        loading = null;
        throw cause;
      },
    );
    return loading;
  };
  // Live reads wait for the load without starting it: the shell starts it once 등록 확인 is done.
  holdLiveQueriesUntil(() => loadedOnce);
  const services = {} as Record<Verb, (...args: never[]) => unknown>;
  for (const verb of VERBS) {
    services[verb] = (...args: never[]) => {
      if (loaded) return (loaded[verb] as (...a: never[]) => unknown)(...args);
      const pending = load().then((s) => (s[verb] as (...a: never[]) => unknown)(...args));
      // afterCapture answers nothing: its failures are its own business, as in the loaded services.
      if (verb === 'afterCapture') {
        pending.catch(() => undefined);
        return undefined;
      }
      return pending;
    };
  }
  return { services: services as unknown as DeviceServices, load };
}
