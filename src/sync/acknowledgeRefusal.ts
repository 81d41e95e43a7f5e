/**
 * The worker has read why the host refused a command (e.g. 잔액 부족) and dismisses it. Only a
 * refused item can be acknowledged: the host already answered it and charged nothing, so removing
 * it from the device sends nothing and loses no money. Returns whether an item was removed.
 */
import type { DeviceDb } from '../db/db';

export async function acknowledgeRefusal(db: DeviceDb, commandId: string): Promise<boolean> {
  return db.transaction('rw', [db.commands], async () => {
    const item = await db.commands.get(commandId);
    if (item === undefined || item.syncState !== 'refused') return false;
    await db.commands.delete(commandId);
    return true;
  });
}
