/**
 * 연습모드 (practice mode) in the provider shell: how the page switches to practice and back.
 *
 * Entering builds a practice runtime beside the real one: a practice host in the page (src/practice,
 * a Transport that answers every request from practice data and never reaches the network), a
 * device database of its own (`evoucher-practice`, made fresh), and device services over that
 * database pinned to the practice host. The page's default host transport — what the screens' API
 * calls use — is switched to the practice host. The real device services are pinned to the network
 * and are not what the screens use while practising, so the real outbox, in-flight payments and
 * snapshot are neither read nor written by practice; the real outbox goes on syncing to the real host
 * on its own. Leaving switches the default back to the network and deletes the practice database
 * whole; a reload in practice leaves real mode, and the leftover is deleted at start.
 */
import { configureHost, networkTransport } from '../api/host';
import { deleteDeviceDb, openDeviceDb } from '../db/db';
import type { SessionInfo } from '../domain/wire';
import { createPracticeHost, type PracticeCard, type PracticeHost } from '../practice/practice-host';
import { createDeviceServices, type DeviceServices } from './device-services';

export const PRACTICE_DB_NAME = 'evoucher-practice';

export interface PracticeRuntime {
  readonly host: PracticeHost;
  readonly cards: readonly PracticeCard[];
  /** The device services of practice: the practice database, the practice host. */
  readonly device: DeviceServices;
  /** Back to real mode: the network as the default host, the practice database deleted. */
  close(): Promise<void>;
}

/** Deletes what a practice left behind (a reload in practice): called at every start. */
export function clearPracticeLeftovers(): Promise<void> {
  return deleteDeviceDb(PRACTICE_DB_NAME).catch(() => undefined);
}

export async function startPractice(options: {
  session: SessionInfo;
  /** The real device, only to read the tariff and (shared terminals) the 결제 IDs it knows. */
  real: DeviceServices;
  now: () => number;
}): Promise<PracticeRuntime> {
  const [tariff, terminalWorkers] = await Promise.all([options.real.tariff().catch(() => undefined), options.real.terminalWorkers().catch(() => [])]);
  await deleteDeviceDb(PRACTICE_DB_NAME);
  const db = openDeviceDb(PRACTICE_DB_NAME);
  const host = createPracticeHost({ session: options.session, tariff, terminalWorkers, now: options.now });
  const device = createDeviceServices(db, { transport: host.transport, practice: true });
  configureHost({ transport: host.transport });
  await device.rememberSession(options.session);
  // The practice snapshot, so practice works with no signal too.
  await device.refreshSnapshot();
  return {
    host,
    cards: host.cards,
    device,
    async close() {
      configureHost({ transport: networkTransport });
      db.close();
      await deleteDeviceDb(PRACTICE_DB_NAME);
    },
  };
}
