/**
 * The card rules of every money path, written once (SPEC §4, §6): a card only identifies a
 * recipient; what may be billed is decided here — a known, live card, a contract between the
 * worker's institution and the recipient for the program, and the recipient's voucher of the month.
 * The online card lookup checks one card, a sync batch checks a hundred: both load the records in
 * a few queries (loadCardRecords) and run the same pure rule on them (resolveCard).
 */
import { findProgram, type Program } from '../../../src/domain/catalog';
import { normalizeCardNumber } from '../../../src/domain/people';
import { fail, ok, type Result } from '../../../src/domain/result';
import type { CardRead } from '../../../src/domain/wire';
import type { Db } from '../db/database';
import { voucherRepository, type VoucherRow } from '../ledger/voucher.repository';
import { cardRepository, type CardRow } from './card.repository';

/** One card read to check: which card, for which program, for the voucher of which Seoul month. */
export interface CardReadToCheck {
  readonly card: CardRead;
  readonly programId: string;
  readonly month: string;
}

export interface CardRecords {
  readonly institutionId: string;
  readonly cardsByToken: ReadonlyMap<string, CardRow>;
  readonly cardsByNumber: ReadonlyMap<string, CardRow>;
  /** The institution's contracts, by `${recipientId} ${programId}`. */
  readonly contracts: ReadonlySet<string>;
  /** By `${recipientId} ${programId} ${month}`. */
  readonly vouchers: ReadonlyMap<string, VoucherRow>;
}

export interface ResolvedCard {
  readonly card: CardRow;
  readonly program: Program;
  readonly voucher: VoucherRow;
}

const contractKey = (recipientId: string, programId: string): string => `${recipientId} ${programId}`;
const voucherKey = (recipientId: string, programId: string, month: string): string => `${recipientId} ${programId} ${month}`;

/** Loads what resolveCard needs for these reads: the cards, then their contracts and vouchers. */
export async function loadCardRecords(db: Db, institutionId: string, reads: readonly CardReadToCheck[]): Promise<CardRecords> {
  const tokens = reads.flatMap(({ card }) => (card.kind === 'nfc' ? [card.token] : []));
  const numbers = reads.flatMap(({ card }) => (card.kind === 'typed' ? [normalizeCardNumber(card.number)] : []));
  const cards = await cardRepository.findByTokensOrNumbers(db, tokens, numbers);
  const recipientIds = cards.map((card) => card.recipient_id);
  const [contracts, vouchers] = await Promise.all([
    cardRepository.listContractsFor(db, institutionId, recipientIds),
    voucherRepository.findForRecipients(
      db,
      recipientIds,
      reads.map((read) => read.programId),
      reads.map((read) => read.month),
    ),
  ]);
  return {
    institutionId,
    cardsByToken: new Map(cards.map((card) => [card.token, card])),
    cardsByNumber: new Map(cards.map((card) => [card.card_number, card])),
    contracts: new Set(contracts.map((row) => contractKey(row.recipient_id, row.program_id))),
    vouchers: new Map(vouchers.map((row) => [voucherKey(row.recipient_id, row.program_id, row.month), row])),
  };
}

/** Card → recipient → contract → voucher, or the code of the first rule that fails. */
export function resolveCard(records: CardRecords, read: CardReadToCheck): Result<ResolvedCard> {
  const program = findProgram(read.programId);
  if (!program) return fail('2206', `program ${read.programId}`);
  const card =
    read.card.kind === 'nfc' ? records.cardsByToken.get(read.card.token) : records.cardsByNumber.get(normalizeCardNumber(read.card.number));
  if (!card) return fail('2001');
  if (card.status !== 'active') return fail('2002', `card ${card.id}`);
  if (!records.contracts.has(contractKey(card.recipient_id, program.id))) {
    return fail('2207', `institution ${records.institutionId} recipient ${card.recipient_id} program ${program.id}`);
  }
  const voucher = records.vouchers.get(voucherKey(card.recipient_id, program.id, read.month));
  if (!voucher) return fail('2102', `recipient ${card.recipient_id} ${program.id} ${read.month}`);
  return ok({ card, program, voucher });
}
