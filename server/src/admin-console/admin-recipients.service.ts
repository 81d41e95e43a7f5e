/**
 * 이용자 · 계약 · 카드: the console registers a recipient with a contract per program (and this
 * month's voucher, granted through the ledger so that balance = Σ ledger from its first won),
 * issues cards — an opaque token for the NDEF tag and a typed 16-digit number — and revokes or
 * replaces a lost one. A recipient is the institution's to see and act on while it has a contract
 * with them; anything else is 1052 (a card unknown to it, 2001), as if it did not exist.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type {
  AddContractRequest,
  AddRecipientRequest,
  AdminRecipient,
  GrantVoucherRequest,
  IssuedCard,
  VerifiedCard,
} from '../../../src/domain/admin';
import { maskCardNumber } from '../../../src/domain/people';
import { seoulMonth } from '../../../src/domain/time';
import type { Db } from '../db/database';
import { isUniqueViolation } from '../db/errors';
import { HostError } from '../http/host-error';
import { grantVoucher } from '../ledger/ledger';
import { programOrder } from './admin-auth.service';

const contractedRecipients = (db: Db, institutionId: string) =>
  db.selectFrom('contracts').select('recipient_id').where('institution_id', '=', institutionId);

async function requireOwnRecipient(db: Db, institutionId: string, recipientId: string): Promise<void> {
  const own = await db
    .selectFrom('contracts')
    .select('id')
    .where('institution_id', '=', institutionId)
    .where('recipient_id', '=', recipientId)
    .executeTakeFirst();
  if (!own) throw new HostError('1052', `recipient ${recipientId} of ${institutionId}`);
}

export async function listRecipients(db: Db, institutionId: string, hostNow: number, recipientId?: string): Promise<AdminRecipient[]> {
  let query = db.selectFrom('recipients').selectAll().where('id', 'in', contractedRecipients(db, institutionId)).orderBy('name').orderBy('id');
  if (recipientId !== undefined) query = query.where('id', '=', recipientId);
  const recipients = await query.execute();
  if (recipients.length === 0) return [];
  const ids = recipients.map((r) => r.id);
  const month = seoulMonth(hostNow);
  const [contracts, vouchers, cards] = await Promise.all([
    db
      .selectFrom('contracts')
      .select(['recipient_id', 'program_id'])
      .where('institution_id', '=', institutionId)
      .where('recipient_id', 'in', ids)
      .execute(),
    db
      .selectFrom('vouchers')
      .select(['recipient_id', 'program_id', 'month', 'granted_krw', 'balance_krw'])
      .where('recipient_id', 'in', ids)
      .where('month', '=', month)
      .execute(),
    db.selectFrom('cards').selectAll().where('recipient_id', 'in', ids).orderBy('created_at').execute(),
  ]);
  return recipients.map((recipient) => {
    const programs = programOrder(contracts.filter((c) => c.recipient_id === recipient.id).map((c) => c.program_id));
    return {
      id: recipient.id,
      name: recipient.name,
      phone: recipient.phone,
      contracts: programs.map((programId) => {
        const voucher = vouchers.find((v) => v.recipient_id === recipient.id && v.program_id === programId);
        return {
          programId,
          voucher: voucher ? { month: voucher.month, grantedKrw: Number(voucher.granted_krw), balanceKrw: Number(voucher.balance_krw) } : null,
        };
      }),
      cards: cards
        .filter((card) => card.recipient_id === recipient.id)
        .map((card) => ({
          id: card.id,
          cardNumberMasked: maskCardNumber(card.card_number),
          status: card.status,
          createdAt: Number(card.created_at),
          revokedAt: card.revoked_at === null ? null : Number(card.revoked_at),
        })),
      createdAt: Number(recipient.created_at),
    };
  });
}

async function oneRecipient(db: Db, institutionId: string, recipientId: string, hostNow: number): Promise<AdminRecipient> {
  const [recipient] = await listRecipients(db, institutionId, hostNow, recipientId);
  if (!recipient) throw new HostError('1052', `recipient ${recipientId}`);
  return recipient;
}

/** A contract and, when an amount is given, this Seoul month's voucher with its opening ledger entry. */
async function contract(trx: Db, institutionId: string, recipientId: string, programId: string, monthlyKrw: number, hostNow: number): Promise<void> {
  await trx
    .insertInto('contracts')
    .values({ id: `ctr-${randomUUID()}`, institution_id: institutionId, recipient_id: recipientId, program_id: programId, created_at: hostNow })
    .execute();
  if (monthlyKrw <= 0) return;
  const month = seoulMonth(hostNow);
  await grantVoucher(
    trx,
    {
      id: `vch-${randomUUID()}`,
      recipient_id: recipientId,
      program_id: programId,
      month,
      granted_krw: monthlyKrw,
      balance_krw: monthlyKrw,
      created_at: hostNow,
    },
    institutionId,
  );
}

/** 이용자 등록: the recipient, a contract per program and this month's vouchers, in one transaction. */
export async function addRecipient(db: Db, institutionId: string, request: AddRecipientRequest, hostNow: number): Promise<AdminRecipient> {
  const id = `rcp-${randomUUID()}`;
  const programs = new Map(request.contracts.map((c) => [c.programId, c.monthlyKrw]));
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('recipients').values({ id, name: request.name.trim(), phone: request.phone, created_at: hostNow }).execute();
    for (const [programId, monthlyKrw] of programs) await contract(trx, institutionId, id, programId, monthlyKrw, hostNow);
  });
  return oneRecipient(db, institutionId, id, hostNow);
}

/** 계약 추가: another program for a recipient of the institution (1054 when it has it already). */
export async function addContract(db: Db, institutionId: string, request: AddContractRequest, hostNow: number): Promise<AdminRecipient> {
  await requireOwnRecipient(db, institutionId, request.recipientId);
  try {
    await db.transaction().execute((trx) => contract(trx, institutionId, request.recipientId, request.programId, request.monthlyKrw, hostNow));
  } catch (error) {
    if (isUniqueViolation(error, 'contracts')) throw new HostError('1054');
    throw error;
  }
  return oneRecipient(db, institutionId, request.recipientId, hostNow);
}

/**
 * 이번 달 바우처 지급: each month a contracted program's voucher is granted (the demo tops its own up
 * by itself); 1052 without a contract for the program, 1057 when this month's voucher exists.
 */
export async function grantMonthlyVoucher(db: Db, institutionId: string, request: GrantVoucherRequest, hostNow: number): Promise<AdminRecipient> {
  const contract = await db
    .selectFrom('contracts')
    .select('id')
    .where('institution_id', '=', institutionId)
    .where('recipient_id', '=', request.recipientId)
    .where('program_id', '=', request.programId)
    .executeTakeFirst();
  if (!contract) throw new HostError('1052', `no contract ${request.recipientId} ${request.programId} at ${institutionId}`);
  const granted = await db.transaction().execute((trx) =>
    grantVoucher(
      trx,
      {
        id: `vch-${randomUUID()}`,
        recipient_id: request.recipientId,
        program_id: request.programId,
        month: seoulMonth(hostNow),
        granted_krw: request.monthlyKrw,
        balance_krw: request.monthlyKrw,
        created_at: hostNow,
      },
      institutionId,
    ),
  );
  if (!granted) throw new HostError('1057');
  return oneRecipient(db, institutionId, request.recipientId, hostNow);
}

/** An opaque token (identifies, never authenticates: SPEC §4) and a 16-digit number in the 94 range. */
function newCard(): { token: string; cardNumber: string } {
  const digits = Array.from({ length: 14 }, () => randomInt(10)).join('');
  return { token: `EVC-${randomBytes(12).toString('base64url')}`, cardNumber: `94${digits}` };
}

async function insertCard(trx: Db, recipientId: string, hostNow: number): Promise<{ id: string; token: string; cardNumber: string }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const card = { id: `card-${randomUUID()}`, ...newCard() };
    const inserted = await trx
      .insertInto('cards')
      .values({
        id: card.id,
        recipient_id: recipientId,
        token: card.token,
        card_number: card.cardNumber,
        status: 'active',
        created_at: hostNow,
        revoked_at: null,
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) return card;
  }
  throw new Error('could not draw a free card number after 5 attempts');
}

/** 카드 발급: the token and number are answered this once, to be written on the tag and printed. */
export async function issueCard(db: Db, institutionId: string, recipientId: string, hostNow: number): Promise<IssuedCard> {
  await requireOwnRecipient(db, institutionId, recipientId);
  const card = await db.transaction().execute((trx) => insertCard(trx, recipientId, hostNow));
  return { cardId: card.id, recipientId, token: card.token, cardNumber: card.cardNumber, replacesCardId: null };
}

async function ownCard(db: Db, institutionId: string, cardId: string) {
  const card = await db.selectFrom('cards').selectAll().where('id', '=', cardId).executeTakeFirst();
  if (!card) throw new HostError('1052', `card ${cardId}`);
  await requireOwnRecipient(db, institutionId, card.recipient_id);
  return card;
}

async function stop(trx: Db, cardId: string, hostNow: number): Promise<void> {
  await trx.updateTable('cards').set({ status: 'revoked', revoked_at: hostNow }).where('id', '=', cardId).where('status', '=', 'active').execute();
}

/**
 * 카드 정지: refused at once by every online card read (2002) and gone from every device's next
 * snapshot (only active cards' hashes are sent), so an offline capture with it is not possible there.
 */
export async function revokeCard(db: Db, institutionId: string, cardId: string, hostNow: number): Promise<AdminRecipient> {
  const card = await ownCard(db, institutionId, cardId);
  await stop(db, card.id, hostNow);
  return oneRecipient(db, institutionId, card.recipient_id, hostNow);
}

/** 분실 재발급: the lost card stopped and a new one issued, in one transaction. */
export async function replaceCard(db: Db, institutionId: string, cardId: string, hostNow: number): Promise<IssuedCard> {
  const old = await ownCard(db, institutionId, cardId);
  const card = await db.transaction().execute(async (trx) => {
    await stop(trx, old.id, hostNow);
    return insertCard(trx, old.recipient_id, hostNow);
  });
  return { cardId: card.id, recipientId: old.recipient_id, token: card.token, cardNumber: card.cardNumber, replacesCardId: old.id };
}

/** 태그 확인: whose card a tag read back carries; a card of no recipient of the institution is 2001. */
export async function verifyCard(db: Db, institutionId: string, token: string): Promise<VerifiedCard> {
  const card = await db
    .selectFrom('cards')
    .innerJoin('recipients', 'recipients.id', 'cards.recipient_id')
    .select(['cards.id', 'cards.recipient_id', 'cards.status', 'recipients.name'])
    .where('cards.token', '=', token)
    .where('cards.recipient_id', 'in', contractedRecipients(db, institutionId))
    .executeTakeFirst();
  if (!card) throw new HostError('2001', 'tag of no recipient of the institution');
  return { cardId: card.id, recipientId: card.recipient_id, recipientName: card.name, status: card.status };
}
