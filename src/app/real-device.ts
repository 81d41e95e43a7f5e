/**
 * The device's own database and syncer as the shell uses them: loaded as a chunk of their own after
 * the first paint (lazy-device.ts), with 연습모드 beside them since practice needs Dexie too.
 */
import { networkTransport } from '../api/host';
import { DEVICE_DB_NAME, openDeviceDb } from '../db/db';
import { createDeviceServices, type DeviceServices } from './device-services';

export { clearPracticeLeftovers, startPractice } from './practice';

/** The real device: its outbox and snapshot talk to the network, named explicitly (see practice.ts). */
export function openRealDevice(): DeviceServices {
  return createDeviceServices(openDeviceDb(DEVICE_DB_NAME), { transport: networkTransport });
}
