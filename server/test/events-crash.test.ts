/**
 * Every committed money change yields its event, delivered once, even when the host dies between
 * the commit and the delivery (issue 6): a host that records events without delivering them
 * (EVENT_RELAY=0) takes payments online and by sync and is SIGKILLed; a host with its relay on
 * starts on the same data and delivers each event to the inbox exactly once, and a third start adds
 * nothing more.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SYNC_BATCH_PATH, type SyncBatchResponse } from '../../src/domain/offline';
import type { VoucherScreen } from '../../src/domain/wire';
import { openDatabase, type DatabaseHandle } from '../src/db/connect';
import { freePort, HostClient, startHost, stopHost, type HostProcess } from './host-process';
import { amountCapture } from './offline-payments';
import { paymentRequest } from './online-payments';
import { createPostgresDatabase, databases, KIM, recipient } from './test-context';

async function inboxFor(database: DatabaseHandle, paymentIds: readonly string[]) {
  return database.db
    .selectFrom('inbox_messages')
    .innerJoin('domain_events', 'domain_events.id', 'inbox_messages.event_id')
    .select(['domain_events.payment_id', 'inbox_messages.event_id'])
    .where('domain_events.payment_id', 'in', [...paymentIds])
    .execute();
}

describe.each(databases)('events across a crash between commit and delivery on %s', (kind) => {
  const cleanups: Array<() => Promise<void>> = [];
  let host: HostProcess | undefined;
  afterAll(async () => {
    await stopHost(host);
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('delivers each event of a payment committed before the kill once, after the restart', { timeout: 60_000 }, async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'evoucher-events-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const postgres = kind === 'postgres' ? await createPostgresDatabase() : null;
    if (postgres) cleanups.push(postgres.drop);
    const databaseUrl = postgres?.url ?? null;
    const port = await freePort();

    host = await startHost({ dataDir, databaseUrl, port, env: { EVENT_RELAY: '0' } });
    const client = new HostClient(host.baseUrl);
    await client.login(KIM);
    const paymentIds: string[] = [];
    for (const recipientId of ['rcp-06', 'rcp-07']) {
      const r = recipient(recipientId);
      const screen = await client.request('POST', '/api/cards/lookup', { programId: r.programId, card: { kind: 'nfc', token: r.cardToken } });
      const request = paymentRequest((screen.body as VoucherScreen).lookupId, 1_000, Date.now());
      expect((await client.request('POST', '/api/payments', request)).status).toBe(200);
      paymentIds.push(request.paymentId);
    }
    const now = Date.now();
    const captures = ['rcp-06', 'rcp-07', 'rcp-08'].map((id) => amountCapture(id, 500, now, { serviceStartAt: now }));
    const synced = await client.request('POST', SYNC_BATCH_PATH, { items: captures, sentAt: now });
    expect((synced.body as SyncBatchResponse).results.every((r) => r.status === 'approved')).toBe(true);
    paymentIds.push(...captures.map((c) => c.paymentId));
    await stopHost(host, 'SIGKILL');

    const database = openDatabase({ databaseUrl, sqliteFile: path.join(dataDir, 'evoucher.sqlite') });
    cleanups.push(() => database.close());
    const events = await database.db.selectFrom('domain_events').select('id').where('payment_id', 'in', paymentIds).execute();
    expect(events).toHaveLength(paymentIds.length);
    expect(await inboxFor(database, paymentIds)).toEqual([]);

    host = await startHost({ dataDir, databaseUrl, port });
    const deadline = Date.now() + 15_000;
    while ((await inboxFor(database, paymentIds)).length < paymentIds.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await stopHost(host, 'SIGTERM');
    const delivered = await inboxFor(database, paymentIds);
    expect(delivered.map((row) => row.payment_id).sort()).toEqual([...paymentIds].sort());

    // Another start finds nothing left to deliver and delivers nothing twice.
    host = await startHost({ dataDir, databaseUrl, port });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await stopHost(host, 'SIGTERM');
    expect(await inboxFor(database, paymentIds)).toHaveLength(paymentIds.length);
    const queued = await database.db.selectFrom('event_queue').select('event_id').execute();
    expect(queued).toEqual([]);
  });
});
