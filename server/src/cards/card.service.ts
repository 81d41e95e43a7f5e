import { randomUUID } from 'node:crypto';
import { PROGRAM_IDS, primaryServiceCode } from '../../../src/domain/catalog';
import { maskName, normalizeCardNumber } from '../../../src/domain/people';
import { MINUTE_MS, seoulMonth } from '../../../src/domain/time';
import type { CardCheck, CardCheckRequest, CardLookupRequest, LookupWorker, LookupWorkerRequest, VoucherScreen } from '../../../src/domain/wire';
import type { SessionContext } from '../auth/auth.service';
import { workerRepository } from '../auth/worker.repository';
import { requireMayBill } from '../auth/worker-programs';
import type { HostDeps } from '../deps';
import { HostError } from '../http/host-error';
import { findOpenService, openServiceRowToOpenService } from '../services/service.service';
import { bindLookupWorker } from '../terminals/terminal-workers';
import { terminalRepository } from '../terminals/terminal.repository';
import { loadCardRecords, resolveCard } from './card-check';
import { cardRepository } from './card.repository';

/** The voucher screen's countdown (SPEC §5.2): a payment must follow within 5 minutes of the card read. */
export const LOOKUP_TTL_MS = 5 * MINUTE_MS;

/**
 * 카드 태깅 → 바우처 화면. The card only identifies the recipient; what may be billed is decided
 * here: a live card, a contract between the worker's institution and the recipient for the
 * program, and a voucher for this Seoul month.
 */
export async function lookupCard(
  deps: HostDeps,
  session: SessionContext,
  request: CardLookupRequest,
  openedBy?: { readonly method: 'qr' | 'biometric'; readonly amountCapKrw: number | null },
): Promise<VoucherScreen> {
  const { db } = deps;
  const hostNow = deps.now();
  const month = seoulMonth(hostNow);
  // The card rules of every money path (card-check.ts), the same as a sync batch runs them.
  const read = { card: request.card, programId: request.programId, month };
  const resolved = resolveCard(await loadCardRecords(db, session.institutionId, [read]), read);
  if (!resolved.ok) throw new HostError(resolved.code, resolved.detail);
  const { card, program, voucher } = resolved.value;

  // A shared terminal's screen has no worker yet: their own open service comes with their 결제 ID (bindWorker).
  const shared = session.terminalProfile === 'shared';
  // The programs the institution lets this worker bill (on a shared terminal: checked at the 결제 ID).
  if (!shared) await requireMayBill(db, session.workerId, program.id);
  const [recipient, institution, openService] = await Promise.all([
    cardRepository.findRecipient(db, card.recipient_id),
    workerRepository.findInstitution(db, session.institutionId),
    shared ? undefined : findOpenService(db, voucher.id, session.workerId, hostNow),
  ]);
  if (!recipient || !institution) throw new Error('card lookup: recipient or institution row missing');

  const lookupId = randomUUID();
  const expiresAt = hostNow + LOOKUP_TTL_MS;
  // A shared terminal's voucher screen waits for the worker's 결제 ID (bindLookupWorker) before
  // anything is started or paid on it; until then it names the worker who signed the terminal in.
  await cardRepository.insertLookup(db, {
    id: lookupId,
    worker_id: session.workerId,
    terminal_id: session.terminalId,
    voucher_id: voucher.id,
    card_read: request.card.kind,
    created_at: hostNow,
    expires_at: expiresAt,
    needs_worker: shared ? 1 : 0,
    ...(openedBy ? { method: openedBy.method, amount_cap_krw: openedBy.amountCapKrw } : {}),
  });
  return {
    lookupId,
    ...(shared ? { needsWorker: true } : {}),
    programId: program.id,
    institutionName: institution.name,
    recipientMasked: maskName(recipient.name),
    serviceCode: primaryServiceCode(program),
    balanceKrw: Number(voucher.balance_krw),
    voucherMonth: month,
    expiresAt,
    hostNow,
    openService: openService ? openServiceRowToOpenService(openService) : null,
  };
}

/**
 * QR결제 / 생체인증결제 → 바우처 화면: the recipient was identified by a redeemed QR token or an
 * approved biometric request instead of a card read, so the same rules run on one of their live
 * cards (the card rules decide a revoked card, a contract, this month's voucher as for a tag).
 * The lookup records how it was opened; its card_read is 'typed' (no card was read on the device).
 */
export async function lookupRecipient(
  deps: HostDeps,
  session: SessionContext,
  request: { readonly recipientId: string; readonly programId: string; readonly method: 'qr' | 'biometric'; readonly amountCapKrw: number | null },
): Promise<VoucherScreen> {
  const cards = await deps.db
    .selectFrom('cards')
    .select(['card_number', 'status'])
    .where('recipient_id', '=', request.recipientId)
    .orderBy('status')
    .orderBy('created_at', 'desc')
    .execute();
  const card = cards[0];
  if (!card) throw new HostError('2001', `recipient ${request.recipientId} has no card`);
  return lookupCard(
    deps,
    session,
    { programId: request.programId, card: { kind: 'typed', number: card.card_number } },
    {
      method: request.method,
      amountCapKrw: request.amountCapKrw,
    },
  );
}

/** 제공인력 결제 ID on a voucher screen: binds its worker, and shows that worker's own open service only. */
export async function bindWorker(deps: HostDeps, session: SessionContext, request: LookupWorkerRequest): Promise<LookupWorker> {
  const hostNow = deps.now();
  const { worker, voucherId } = await bindLookupWorker(deps.db, session, request, hostNow);
  const openService = await findOpenService(deps.db, voucherId, worker.workerId, hostNow);
  return { ...worker, openService: openService ? openServiceRowToOpenService(openService) : null };
}

/**
 * 카드인식 테스트: whether a card is known and live, and whose it is — nothing is billed, no voucher
 * screen opens, nothing is stored. It answers a registered terminal (1005 otherwise; 0304 once
 * revoked), before login too. Least data: the masked name and the programs only to a terminal of
 * an institution with a contract with the recipient; to anyone else, only that the card is valid.
 */
export async function checkCard(deps: HostDeps, request: CardCheckRequest): Promise<CardCheck> {
  const { db } = deps;
  const terminal = await terminalRepository.findByDeviceId(db, request.deviceId);
  if (!terminal) throw new HostError('1005');
  if (terminal.status === 'revoked') throw new HostError('0304', `terminal ${terminal.id}`);
  const card =
    request.card.kind === 'nfc'
      ? await cardRepository.findByToken(db, request.card.token)
      : await cardRepository.findByNumber(db, normalizeCardNumber(request.card.number));
  if (!card) throw new HostError('2001');
  if (card.status !== 'active') throw new HostError('2002', `card ${card.id}`);
  const contracted =
    terminal.institution_id === null ? [] : await cardRepository.contractedProgramsOf(db, terminal.institution_id, card.recipient_id);
  const programIds = PROGRAM_IDS.filter((id) => contracted.includes(id));
  const recipient = programIds.length > 0 ? await cardRepository.findRecipient(db, card.recipient_id) : undefined;
  return { status: 'active', recipientMasked: recipient ? maskName(recipient.name) : null, programIds, hostNow: deps.now() };
}
