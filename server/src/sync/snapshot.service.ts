/**
 * GET DEVICE_SNAPSHOT_PATH: what a device needs to take card payments with no signal — the
 * institution's contracted recipients' vouchers of the current Seoul month with their balances and
 * the open services of this terminal's own workers, the offline caps, and the host clock. Cards leave only as SHA-256 hashes of
 * cardHashInput(…), so a lost device holds no card token or number. Names leave masked.
 */
import { createHash } from 'node:crypto';
import { findProgram, primaryServiceCode } from '../../../src/domain/catalog';
import { cardHashInput, workerCardHashInput, type DeviceSnapshot, type SnapshotVoucher } from '../../../src/domain/offline';
import { maskName } from '../../../src/domain/people';
import { seoulMonth } from '../../../src/domain/time';
import type { SessionContext } from '../auth/auth.service';
import { workerRepository } from '../auth/worker.repository';
import type { HostDeps } from '../deps';
import { HostError } from '../http/host-error';
import { loadTariff } from '../catalog/catalog.service';
import { openServiceRepository } from '../services/open-service.repository';
import { STALE_SERVICE_MS } from '../services/service.service';
import { workersOnTerminal } from '../terminals/terminal-workers';
import { workerCardRepository } from '../terminals/worker-card.repository';
import { publishedQrKeys } from '../requests/qr-token.service';

export function cardHashHex(card: Parameters<typeof cardHashInput>[0]): string {
  return createHash('sha256').update(cardHashInput(card), 'utf8').digest('hex');
}

export function workerCardHashHex(card: Parameters<typeof workerCardHashInput>[0]): string {
  return createHash('sha256').update(workerCardHashInput(card), 'utf8').digest('hex');
}

export async function deviceSnapshot(deps: HostDeps, session: SessionContext): Promise<DeviceSnapshot> {
  const { db } = deps;
  const hostNow = deps.now();
  const month = seoulMonth(hostNow);
  const institution = await workerRepository.findInstitution(db, session.institutionId);
  if (!institution) throw new HostError('1003');

  const rows = await db
    .selectFrom('contracts')
    .innerJoin('vouchers', (join) =>
      join
        .onRef('vouchers.recipient_id', '=', 'contracts.recipient_id')
        .onRef('vouchers.program_id', '=', 'contracts.program_id')
        .on('vouchers.month', '=', month),
    )
    .innerJoin('recipients', 'recipients.id', 'contracts.recipient_id')
    .select([
      'recipients.id as recipient_id',
      'recipients.name as recipient_name',
      'vouchers.id as voucher_id',
      'vouchers.program_id as program_id',
      'vouchers.month as month',
      'vouchers.balance_krw as balance_krw',
    ])
    .where('contracts.institution_id', '=', session.institutionId)
    .orderBy('recipients.id')
    .orderBy('vouchers.program_id')
    .execute();

  const recipientIds = [...new Set(rows.map((row) => row.recipient_id))];
  const cards =
    recipientIds.length === 0
      ? []
      : await db
          .selectFrom('cards')
          .select(['recipient_id', 'token', 'card_number'])
          .where('recipient_id', 'in', recipientIds)
          .where('status', '=', 'active')
          .execute();
  const hashesByRecipient = new Map<string, string[]>();
  for (const card of cards) {
    const hashes = hashesByRecipient.get(card.recipient_id) ?? [];
    hashes.push(cardHashHex({ kind: 'nfc', token: card.token }), cardHashHex({ kind: 'typed', number: card.card_number }));
    hashesByRecipient.set(card.recipient_id, hashes);
  }
  // A visit belongs to its worker: only the open services of the workers of this terminal.
  const onTerminal = session.terminalProfile === 'shared' ? await workersOnTerminal(db, session) : undefined;
  const openServices = await openServiceRepository.listOpenForVouchers(
    db,
    rows.map((row) => row.voucher_id),
    onTerminal ? [...onTerminal.keys()] : [session.workerId],
    hostNow - STALE_SERVICE_MS,
  );
  const openByVoucher = new Map<string, { id: string; startedAt: number; workerId: string }[]>();
  for (const service of openServices) {
    const list = openByVoucher.get(service.voucher_id) ?? [];
    list.push({ id: service.id, startedAt: Number(service.started_at), workerId: service.worker_id });
    openByVoucher.set(service.voucher_id, list);
  }

  const vouchers = rows.flatMap((row): SnapshotVoucher[] => {
    const program = findProgram(row.program_id);
    if (!program) return [];
    const open = openByVoucher.get(row.voucher_id) ?? [];
    const own = open.find((service) => service.workerId === session.workerId);
    return [
      {
        recipientId: row.recipient_id,
        recipientMasked: maskName(row.recipient_name),
        programId: program.id,
        serviceCode: primaryServiceCode(program),
        voucherId: row.voucher_id,
        voucherMonth: row.month,
        balanceKrw: Number(row.balance_krw),
        cardHashes: hashesByRecipient.get(row.recipient_id) ?? [],
        openService: own ? { id: own.id, startedAt: own.startedAt } : null,
        openServices: open,
      },
    ];
  });
  const tariff = await loadTariff(db);
  // A shared terminal checks 결제 IDs and 제공인력카드 with no signal too: ids, 결제 IDs and card
  // hashes only, no names, no phones, no card tokens or numbers.
  const workerCards = onTerminal ? await workerCardRepository.activeOf(db, [...onTerminal.keys()]) : [];
  const terminalWorkers = onTerminal
    ? [...onTerminal.values()].map((worker) => ({
        workerId: worker.id,
        paymentId: worker.payment_id,
        cardHashes: workerCards
          .filter((card) => card.worker_id === worker.id)
          .flatMap((card) => [workerCardHashHex({ kind: 'nfc', token: card.token }), workerCardHashHex({ kind: 'typed', number: card.card_number })]),
      }))
    : undefined;
  return {
    institutionName: institution.name,
    vouchers,
    limits: { ...deps.config.offlineLimits },
    tariff,
    ...(terminalWorkers ? { terminalWorkers } : {}),
    qrKeys: await publishedQrKeys(db, deps.config, hostNow),
    hostNow: deps.now(),
  };
}
