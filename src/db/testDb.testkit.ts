/**
 * Fresh, isolated device databases for tests: each call gets its own in-memory IndexedDB
 * (fake-indexeddb), so tests can run in any order. `reopen` opens a second connection to the same
 * database — a second tab, or the app after a restart. Test support only.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { openDeviceDb, type DeviceDb } from './db';

export interface TestDb {
  db: DeviceDb;
  /** Another connection to the same database. */
  reopen(): DeviceDb;
  factory: IDBFactory;
}

let counter = 0;

export function freshTestDb(): TestDb {
  const factory = new IDBFactory();
  counter += 1;
  const name = `evoucher-test-${counter}`;
  const reopen = (): DeviceDb => openDeviceDb(name, { indexedDB: factory, IDBKeyRange });
  return { db: reopen(), reopen, factory };
}
