/**
 * QR결제 and 생체인증결제 requests (SPEC §5.5, §5.6): a worker sends a request to a recipient's
 * phone number; the recipient's portal hears of it (push, SSE, its request list); the recipient
 * answers with a QR token (QR) or a WebAuthn approval (biometric); the worker's side turns that into
 * a voucher screen through the card lookup's own rules (card.service lookupRecipient).
 * Refusals to the worker: 2005 (no portal member with that number), 2003 (a member who never logged
 * in), 1042 (biometric: nothing enrolled), 2207 (no contract), 2144 (expired), 2145 (declined).
 */
import { randomUUID } from 'node:crypto';
import { findProgram } from '../../../src/domain/catalog';
import { normalizePhone } from '../../../src/domain/people';
import type {
  BiometricRequest,
  BiometricResult,
  OfflineTokens,
  PaymentRequestSent,
  PendingRequest,
  PhoneRequest,
  PortalSignal,
  QrToken,
} from '../../../src/domain/portal';
import { seoulMonth } from '../../../src/domain/time';
import type { VoucherScreen } from '../../../src/domain/wire';
import type { SessionContext } from '../auth/auth.service';
import { lookupRecipient } from '../cards/card.service';
import type { HostDeps } from '../deps';
import { HostError } from '../http/host-error';
import { PUSH_CHANNEL } from '../push/push.consumer';
import { pushRepository } from '../push/push.repository';
import { portalChannel } from '../recipients/live';
import { recipientRepository } from '../recipients/recipient.repository';
import type { RecipientContext } from '../recipients/recipient-auth.service';
import { approvalOptions, verifyApproval } from '../webauthn/webauthn.service';
import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { limitPerKey } from './phone-limit';
import { checkQrToken, issueQrToken, redeemOnce, reissueOfflineToken } from './qr-token.service';

/** Offline tokens a recipient's portal holds per voucher at most: bounded like an offline card terminal. */
export const OFFLINE_TOKENS_PER_VOUCHER = 3;

async function requestTo(
  deps: HostDeps,
  session: SessionContext,
  kind: 'qr' | 'biometric',
  body: PhoneRequest & { amountCapKrw?: number },
): Promise<PaymentRequestSent> {
  const { db } = deps;
  const hostNow = deps.now();
  const phone = normalizePhone(body.phone);
  // Per number, whoever asks: a number cannot be pestered (or probed) faster than this.
  await limitPerKey(db, phone, deps.config.phoneRequestPerNumberPerMinute, 60_000, hostNow);
  const program = findProgram(body.programId);
  if (!program) throw new HostError('2206', `program ${body.programId}`);
  const account = await recipientRepository.findAccountByPhone(db, phone);
  if (!account) throw new HostError('2005');
  if (account.first_login_at === null) throw new HostError('2003', `recipient ${account.recipient_id}`);
  const contract = await db
    .selectFrom('contracts')
    .select('id')
    .where('institution_id', '=', session.institutionId)
    .where('recipient_id', '=', account.recipient_id)
    .where('program_id', '=', program.id)
    .executeTakeFirst();
  if (!contract) throw new HostError('2207', `recipient ${account.recipient_id} program ${program.id}`);
  if (kind === 'biometric') {
    const enrolled = await db.selectFrom('webauthn_credentials').select('id').where('recipient_id', '=', account.recipient_id).executeTakeFirst();
    if (!enrolled) throw new HostError('1042', `recipient ${account.recipient_id}`);
  }
  const id = randomUUID();
  const expiresAt = hostNow + deps.config.approvalTtlMs;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('payment_requests')
      .values({
        id,
        kind,
        recipient_id: account.recipient_id,
        institution_id: session.institutionId,
        worker_id: session.workerId,
        terminal_id: session.terminalId,
        program_id: program.id,
        amount_cap_krw: body.amountCapKrw ?? null,
        status: 'pending',
        created_at: hostNow,
        expires_at: expiresAt,
        decided_at: null,
        lookup_id: null,
      })
      .execute();
    const signal: PortalSignal = { type: 'request', requestId: id, kind };
    await pushRepository.queue(trx, [{ recipientId: account.recipient_id, dedupeKey: id, payload: JSON.stringify(signal) }], hostNow);
  });
  // "Push 알림 전송": to an open portal over SSE, and to the phone by Web Push.
  deps.notifier.publish(portalChannel(account.recipient_id));
  deps.notifier.publish(PUSH_CHANNEL);
  return { requestId: id, expiresAt, hostNow };
}

export const sendQrRequest = (deps: HostDeps, session: SessionContext, body: PhoneRequest) => requestTo(deps, session, 'qr', body);
export const sendBiometricRequest = (deps: HostDeps, session: SessionContext, body: BiometricRequest) => requestTo(deps, session, 'biometric', body);

// ── the recipient's side ────────────────────────────────────────────────────────────────────
async function ownPendingRequest(deps: HostDeps, context: RecipientContext, requestId: string, kind: 'qr' | 'biometric') {
  const request = await deps.db
    .selectFrom('payment_requests')
    .selectAll()
    .where('id', '=', requestId)
    .where('recipient_id', '=', context.recipientId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  if (!request) throw new HostError('2146', `request ${requestId}`);
  if (request.status === 'declined') throw new HostError('2145');
  if (request.status !== 'pending') throw new HostError('1044', `request ${request.status}`);
  if (deps.now() >= Number(request.expires_at)) throw new HostError('2144');
  return request;
}

export async function pendingRequests(deps: HostDeps, context: RecipientContext): Promise<{ requests: PendingRequest[]; hostNow: number }> {
  const hostNow = deps.now();
  const rows = await deps.db
    .selectFrom('payment_requests')
    .innerJoin('institutions', 'institutions.id', 'payment_requests.institution_id')
    .innerJoin('workers', 'workers.id', 'payment_requests.worker_id')
    .select([
      'payment_requests.id',
      'payment_requests.kind',
      'payment_requests.program_id',
      'payment_requests.amount_cap_krw',
      'payment_requests.expires_at',
      'institutions.name as institution_name',
      'workers.name as worker_name',
    ])
    .where('payment_requests.recipient_id', '=', context.recipientId)
    .where('payment_requests.status', '=', 'pending')
    .where('payment_requests.expires_at', '>', hostNow)
    .orderBy('payment_requests.created_at', 'desc')
    .execute();
  return {
    requests: rows.flatMap((row) => {
      const program = findProgram(row.program_id);
      if (!program) return [];
      return [
        {
          id: row.id,
          kind: row.kind,
          programId: program.id,
          institutionName: row.institution_name,
          workerName: row.worker_name,
          amountCapKrw: row.amount_cap_krw === null ? null : Number(row.amount_cap_krw),
          expiresAt: Number(row.expires_at),
        },
      ];
    }),
    hostNow,
  };
}

/** QR결제: a fresh single-use token for the request (≤ 3 minutes), shown as a QR code. */
export async function qrTokenFor(deps: HostDeps, context: RecipientContext, requestId: string): Promise<QrToken> {
  await ownPendingRequest(deps, context, requestId, 'qr');
  const hostNow = deps.now();
  const issued = await issueQrToken(deps.db, deps.config, hostNow, {
    kind: 'online',
    recipientId: context.recipientId,
    requestId,
    voucher: null,
    ttlMs: deps.config.qrTokenTtlMs,
  });
  return { token: issued.token, expiresAt: issued.expiresAt, hostNow };
}

export async function biometricOptions(deps: HostDeps, context: RecipientContext, requestId: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const request = await ownPendingRequest(deps, context, requestId, 'biometric');
  return approvalOptions(deps, context, request.id, Number(request.expires_at));
}

/** 생체인증결제 승인: the assertion checked (webauthn.service), then pending → approved, once. */
export async function approve(
  deps: HostDeps,
  context: RecipientContext,
  requestId: string,
  response: AuthenticationResponseJSON,
): Promise<{ ok: true; requestId: string }> {
  await ownPendingRequest(deps, context, requestId, 'biometric');
  await verifyApproval(deps, context, requestId, response);
  const hostNow = deps.now();
  const updated = await deps.db
    .updateTable('payment_requests')
    .set({ status: 'approved', decided_at: hostNow })
    .where('id', '=', requestId)
    .where('status', '=', 'pending')
    .where('expires_at', '>', hostNow)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new HostError('2144', `request ${requestId}`);
  await recipientRepository.audit(deps.db, {
    recipient_id: context.recipientId,
    action: 'approve',
    outcome: 'ok',
    detail: requestId,
    recorded_at: hostNow,
  });
  deps.notifier.publish(`request:${requestId}`);
  return { ok: true, requestId };
}

export async function decline(deps: HostDeps, context: RecipientContext, requestId: string): Promise<{ ok: true; requestId: string }> {
  const request = await ownPendingRequest(deps, context, requestId, 'biometric').catch(async (error: unknown) => {
    if (error instanceof HostError && error.code === '2146') return ownPendingRequest(deps, context, requestId, 'qr');
    throw error;
  });
  await deps.db
    .updateTable('payment_requests')
    .set({ status: 'declined', decided_at: deps.now() })
    .where('id', '=', request.id)
    .where('status', '=', 'pending')
    .execute();
  await recipientRepository.audit(deps.db, {
    recipient_id: context.recipientId,
    action: 'decline',
    outcome: 'ok',
    detail: requestId,
    recorded_at: deps.now(),
  });
  deps.notifier.publish(`request:${requestId}`);
  return { ok: true, requestId };
}

/**
 * Offline QR tokens: up to OFFLINE_TOKENS_PER_VOUCHER live, unredeemed tokens per voucher of this
 * month, valid for the offline window. Tokens issued before and still unused come back (the same
 * signature: Ed25519 is deterministic), so asking again never adds to what could be spent offline.
 */
export async function offlineTokens(deps: HostDeps, context: RecipientContext): Promise<OfflineTokens> {
  const { db } = deps;
  const hostNow = deps.now();
  const vouchers = await db
    .selectFrom('vouchers')
    .select(['id', 'program_id'])
    .where('recipient_id', '=', context.recipientId)
    .where('month', '=', seoulMonth(hostNow))
    .execute();
  const tokens: OfflineTokens['tokens'] = [];
  for (const voucher of vouchers) {
    const program = findProgram(voucher.program_id);
    if (!program) continue;
    const live = await db
      .selectFrom('qr_tokens')
      .leftJoin('qr_redemptions', 'qr_redemptions.token_id', 'qr_tokens.id')
      .select(['qr_tokens.id', 'qr_tokens.key_id', 'qr_tokens.issued_at', 'qr_tokens.expires_at', 'qr_tokens.voucher_id'])
      .where('qr_tokens.voucher_id', '=', voucher.id)
      .where('qr_tokens.kind', '=', 'offline')
      .where('qr_tokens.expires_at', '>', hostNow)
      .where('qr_redemptions.token_id', 'is', null)
      .orderBy('qr_tokens.issued_at')
      .execute();
    for (const row of live) {
      const token = await reissueOfflineToken(db, row, program.id);
      if (token) tokens.push({ token, programId: program.id, expiresAt: Number(row.expires_at) });
    }
    for (let i = live.length; i < OFFLINE_TOKENS_PER_VOUCHER; i++) {
      const issued = await issueQrToken(db, deps.config, hostNow, {
        kind: 'offline',
        recipientId: context.recipientId,
        requestId: null,
        voucher: { id: voucher.id, programId: program.id },
        ttlMs: deps.config.offlineLimits.maxAgeMs,
      });
      tokens.push({ token: issued.token, programId: program.id, expiresAt: issued.expiresAt });
    }
  }
  await recipientRepository.audit(db, {
    recipient_id: context.recipientId,
    action: 'offline-tokens',
    outcome: 'ok',
    detail: String(tokens.length),
    recorded_at: hostNow,
  });
  return { tokens, hostNow };
}

// ── the worker's side ───────────────────────────────────────────────────────────────────────
/**
 * QR결제 → 바우처 화면: the token's signature, key and validity (2142 / 2143 / 2140), then that it is
 * an online token of a request this worker sent from this institution (2143 otherwise), then its
 * one redemption (2141 the second time) and the voucher screen, in one transaction: a refusal of
 * the card rules (2207, 2102 …) leaves the token unused.
 */
export async function redeemQrToken(deps: HostDeps, session: SessionContext, token: string): Promise<VoucherScreen> {
  const hostNow = deps.now();
  const checked = await checkQrToken(deps.db, deps.config, token, hostNow, hostNow);
  if (!checked.ok) throw new HostError(checked.code, checked.detail);
  const payload = checked.value;
  if (payload.t !== 'online') throw new HostError('2143', 'an offline token redeemed online');
  const stored = await deps.db
    .selectFrom('qr_tokens')
    .innerJoin('payment_requests', 'payment_requests.id', 'qr_tokens.request_id')
    .select([
      'qr_tokens.id',
      'payment_requests.id as request_id',
      'payment_requests.recipient_id',
      'payment_requests.institution_id',
      'payment_requests.worker_id',
      'payment_requests.program_id',
      'payment_requests.status',
    ])
    .where('qr_tokens.id', '=', payload.j)
    .executeTakeFirst();
  if (!stored) throw new HostError('2142', `token ${payload.j} never issued`);
  if (stored.institution_id !== session.institutionId || stored.worker_id !== session.workerId) {
    throw new HostError('2143', `request ${stored.request_id} of another worker`);
  }
  // Another token of the same request opened its voucher screen already.
  if (stored.status !== 'pending') throw new HostError('2141', `request ${stored.request_id} ${stored.status}`);
  return deps.db.transaction().execute(async (trx) => {
    if (!(await redeemOnce(trx, stored.id, { workerId: session.workerId, terminalId: session.terminalId, reference: stored.request_id }, hostNow))) {
      throw new HostError('2141', `token ${stored.id}`);
    }
    const screen = await lookupRecipient({ ...deps, db: trx }, session, {
      recipientId: stored.recipient_id,
      programId: stored.program_id,
      method: 'qr',
      amountCapKrw: null,
    });
    await trx
      .updateTable('payment_requests')
      .set({ status: 'done', decided_at: hostNow, lookup_id: screen.lookupId })
      .where('id', '=', stored.request_id)
      .execute();
    return screen;
  });
}

/**
 * The worker's waiting screen asks this (poll): pending until the recipient approves, then the
 * voucher screen — opened once, with the approved amount cap — or 2144 past the 3 minutes, 2145
 * when declined. A request of another worker or institution is 2146.
 */
export async function biometricResult(deps: HostDeps, session: SessionContext, requestId: string): Promise<BiometricResult> {
  const hostNow = deps.now();
  const request = await deps.db
    .selectFrom('payment_requests')
    .selectAll()
    .where('id', '=', requestId)
    .where('kind', '=', 'biometric')
    .where('institution_id', '=', session.institutionId)
    .where('worker_id', '=', session.workerId)
    .executeTakeFirst();
  if (!request) throw new HostError('2146', `request ${requestId}`);
  if (request.status === 'declined') throw new HostError('2145');
  if (request.status === 'done') throw new HostError('1044', `request ${requestId} already opened its voucher screen`);
  if (request.status === 'pending') {
    if (hostNow >= Number(request.expires_at)) throw new HostError('2144');
    return { status: 'pending', expiresAt: Number(request.expires_at), hostNow };
  }
  const voucher = await deps.db.transaction().execute(async (trx) => {
    const taken = await trx
      .updateTable('payment_requests')
      .set({ status: 'done' })
      .where('id', '=', request.id)
      .where('status', '=', 'approved')
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) !== 1) throw new HostError('1044', `request ${requestId} taken meanwhile`);
    const screen = await lookupRecipient({ ...deps, db: trx }, session, {
      recipientId: request.recipient_id,
      programId: request.program_id,
      method: 'biometric',
      amountCapKrw: request.amount_cap_krw === null ? null : Number(request.amount_cap_krw),
    });
    await trx.updateTable('payment_requests').set({ lookup_id: screen.lookupId }).where('id', '=', request.id).execute();
    return screen;
  });
  return { status: 'approved', voucher };
}

/**
 * At sync (the provider-side capture comes later): an offline QR token presented with a capture is
 * valid if signed by a key of this host, unexpired at the capture time, an offline token of the
 * voucher being paid — and it is redeemed exactly once: the same payment id again is the same
 * redemption (a resent batch); any other use is 2141.
 */
export async function redeemOfflineToken(
  deps: HostDeps,
  input: { token: string; voucherId: string; paymentId: string; workerId: string; terminalId: string; capturedAt: number },
): Promise<{ ok: true; recipientId: string } | { ok: false; code: '2140' | '2141' | '2142' | '2143' }> {
  const hostNow = deps.now();
  const checked = await checkQrToken(deps.db, deps.config, input.token, input.capturedAt, hostNow);
  if (!checked.ok) return { ok: false, code: checked.code as '2140' | '2142' | '2143' };
  const payload = checked.value;
  if (payload.t !== 'offline' || payload.v !== input.voucherId) return { ok: false, code: '2143' };
  const stored = await deps.db.selectFrom('qr_tokens').select(['id', 'recipient_id', 'voucher_id']).where('id', '=', payload.j).executeTakeFirst();
  if (!stored || stored.voucher_id !== input.voucherId) return { ok: false, code: '2142' };
  if (await redeemOnce(deps.db, stored.id, { workerId: input.workerId, terminalId: input.terminalId, reference: input.paymentId }, hostNow)) {
    return { ok: true, recipientId: stored.recipient_id };
  }
  const earlier = await deps.db.selectFrom('qr_redemptions').select('reference').where('token_id', '=', stored.id).executeTakeFirst();
  return earlier?.reference === input.paymentId ? { ok: true, recipientId: stored.recipient_id } : { ok: false, code: '2141' };
}
