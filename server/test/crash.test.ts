/**
 * Kills the real host process with SIGKILL in the middle of a run of sync batches, restarts it on
 * the same data and resends everything: what was acknowledged before the kill is still there with
 * the same answer, nothing is applied twice, and every balance equals its ledger.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SYNC_BATCH_PATH, type OfflinePayment, type SyncBatchResponse, type SyncItemResult } from '../../src/domain/offline';
import { openDatabase } from '../src/db/connect';
import { checkVoucherBalance } from '../src/ledger/ledger.service';
import { freePort, HostClient, startHost, stopHost, type HostProcess } from './host-process';
import { amountCapture } from './offline-payments';
import { createPostgresDatabase, databases, KIM } from './test-context';

const BATCHES = 14;
const ITEMS_PER_BATCH = 20;
/** rcp-09 has 10,000원: its 3,000원 captures run out and are refused (2101) — refusals must be stable too. */
const RECIPIENTS = ['rcp-06', 'rcp-07', 'rcp-08', 'rcp-09'];

function makeBatches(now: number): OfflinePayment[][] {
  return Array.from({ length: BATCHES }, (_, b) =>
    Array.from({ length: ITEMS_PER_BATCH }, (_, i) => {
      const n = b * ITEMS_PER_BATCH + i;
      const recipientId = RECIPIENTS[n % RECIPIENTS.length]!;
      const capturedAt = now - (BATCHES * ITEMS_PER_BATCH - n) * 1_000;
      // Start = end = capture: an amount program needs no time, and no month boundary can intervene.
      return amountCapture(recipientId, recipientId === 'rcp-09' ? 3_000 : 100 + (n % 7) * 10, capturedAt, { serviceStartAt: capturedAt });
    }),
  );
}

function summary(result: SyncItemResult): string {
  return result.status === 'approved' ? `approved ${result.approvalNumber} ${result.balanceKrw}` : `refused ${result.code}`;
}

describe.each(databases)('host killed with SIGKILL mid-batch on %s', (kind) => {
  const cleanups: Array<() => Promise<void>> = [];
  let host: HostProcess | undefined;
  afterAll(async () => {
    // However the test ended, no host child outlives it.
    await stopHost(host);
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('keeps every acknowledged payment, applies none twice and keeps balances equal to the ledger', { timeout: 60_000 }, async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'evoucher-crash-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const postgres = kind === 'postgres' ? await createPostgresDatabase() : null;
    if (postgres) cleanups.push(postgres.drop);
    const databaseUrl = postgres?.url ?? null;
    const port = await freePort();

    host = await startHost({ dataDir, databaseUrl, port });
    const client = new HostClient(host.baseUrl);
    await client.login(KIM);
    const batches = makeBatches(Date.now());
    const acknowledged = new Map<string, string>();

    // Some batches are acknowledged, then the host dies while the next one is in flight.
    const killAfter = 2 + Math.floor(Math.random() * 6);
    for (let b = 0; b < killAfter; b++) {
      const response = await client.request('POST', SYNC_BATCH_PATH, { items: batches[b], sentAt: Date.now() });
      expect(response.status).toBe(200);
      for (const result of (response.body as SyncBatchResponse).results) acknowledged.set(result.paymentId, summary(result));
    }
    const inFlight = client.request('POST', SYNC_BATCH_PATH, { items: batches[killAfter], sentAt: Date.now() }).then(
      (response) => response,
      () => undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 8)));
    const victim = host;
    victim.child.kill('SIGKILL');
    expect(await victim.exited).toBe('SIGKILL');
    const late = await inFlight;
    // The answer may have made it out before the kill: then it counts as acknowledged too.
    if (late?.status === 200) for (const result of (late.body as SyncBatchResponse).results) acknowledged.set(result.paymentId, summary(result));
    expect(acknowledged.size).toBeGreaterThanOrEqual(killAfter * ITEMS_PER_BATCH);

    // Same data, same session cookie: the device simply resends everything it holds.
    host = await startHost({ dataDir, databaseUrl, port });
    const answers = new Map<string, string>();
    for (let round = 0; round < 3 && answers.size < BATCHES * ITEMS_PER_BATCH; round++) {
      for (const batch of batches) {
        const response = await client.request('POST', SYNC_BATCH_PATH, { items: batch, sentAt: Date.now() });
        if (response.status !== 200) continue;
        for (const result of (response.body as SyncBatchResponse).results) answers.set(result.paymentId, summary(result));
      }
    }
    expect(answers.size).toBe(BATCHES * ITEMS_PER_BATCH);
    for (const [paymentId, answer] of acknowledged) expect(answers.get(paymentId)).toBe(answer);
    await stopHost(host, 'SIGTERM');

    const database = openDatabase({ databaseUrl, sqliteFile: path.join(dataDir, 'evoucher.sqlite') });
    try {
      const ids = batches.flat().map((item) => item.paymentId);
      // Every id has exactly one stored outcome; an approved one has its payment row.
      const payments = await database.db
        .selectFrom('commands')
        .leftJoin('payments', 'payments.id', 'commands.id')
        .select(['commands.id', 'commands.status', 'payments.approval_number', 'payments.voucher_id', 'payments.amount_krw'])
        .where('commands.id', 'in', ids)
        .execute();
      expect(payments).toHaveLength(ids.length);
      const ledger = await database.db.selectFrom('ledger_entries').select('payment_id').where('payment_id', 'in', ids).execute();
      const perPayment = new Map<string, number>();
      for (const row of ledger) perPayment.set(row.payment_id!, (perPayment.get(row.payment_id!) ?? 0) + 1);
      for (const payment of payments) {
        expect(perPayment.get(payment.id) ?? 0).toBe(payment.status === 'approved' ? 1 : 0);
        const answer = answers.get(payment.id)!;
        if (payment.status === 'approved') expect(answer.startsWith(`approved ${payment.approval_number} `)).toBe(true);
        else expect(answer).toBe('refused 2101');
      }
      expect(payments.some((p) => p.status === 'refused')).toBe(true);
      const vouchers = await database.db.selectFrom('vouchers').select(['id', 'granted_krw']).execute();
      for (const voucher of vouchers) {
        const check = await checkVoucherBalance(database.db, voucher.id);
        expect(check.balanceKrw).toBe(check.ledgerSumKrw);
        const spent = payments
          .filter((p) => p.voucher_id === voucher.id && p.status === 'approved')
          .reduce((sum, p) => sum + Number(p.amount_krw), 0);
        expect(check.balanceKrw).toBe(Number(voucher.granted_krw) - spent);
      }
    } finally {
      await database.close();
    }
  });
});
