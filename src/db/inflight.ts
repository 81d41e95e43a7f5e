/**
 * Online payments in flight (db.inflight): written with strict durability BEFORE the first
 * request leaves, removed once the host's answer is in hand. What is left at start-up was sent and
 * never answered — a reload, a crash, a closed tab — and is resent with the same id and body.
 */
import type { DeviceDb, InflightPayment } from './db';

export async function rememberInflight(db: DeviceDb, payment: InflightPayment): Promise<void> {
  await db.inflight.put(payment);
}

export async function forgetInflight(db: DeviceDb, paymentId: string): Promise<void> {
  await db.inflight.delete(paymentId);
}

/** The worker's unanswered online payments (every worker's when null: a shared terminal), oldest first. */
export async function listInflight(db: DeviceDb, workerId: string | null): Promise<InflightPayment[]> {
  const rows = await db.inflight.toArray();
  return rows.filter((row) => workerId === null || row.workerId === workerId).sort((a, b) => a.sentAt - b.sentAt);
}
