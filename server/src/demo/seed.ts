import { seoulMonth } from '../../../src/domain/time';
import { hashPassword } from '../auth/password';
import { seedTariffIfEmpty } from '../catalog/catalog.service';
import type { Db } from '../db/database';
import { grantVoucher } from '../ledger/ledger.service';
import { createAdministrator } from '../admin-console/admin-auth.service';
import { DEMO_ADMIN, DEMO_INSTITUTION, DEMO_PORTAL_ACCOUNT, DEMO_RECIPIENTS, DEMO_TOP_UPS, DEMO_WORKER_CARDS, DEMO_WORKERS } from './demo-data';

export function demoVoucherId(recipientId: string, programId: string, month: string): string {
  return `vch-${recipientId}-${programId}-${month}`;
}

/**
 * What every start seeds: the published tariff into an empty tariff table (a centre without the
 * demo bills by it too), and with the demo on, the demo institution and this month's demo vouchers.
 */
export async function seedOnStart(db: Db, demoData: boolean, hostNow: number): Promise<{ seeded: boolean; granted: number }> {
  await seedTariffIfEmpty(db);
  if (!demoData) return { seeded: false, granted: 0 };
  const seeded = await seedDemoIfEmpty(db, hostNow);
  return { seeded, granted: await topUpDemoVouchers(db, hostNow) };
}

/** Seeds the demo institution, workers, recipients, cards and contracts into an empty database. */
export async function seedDemoIfEmpty(db: Db, hostNow: number): Promise<boolean> {
  await seedTariffIfEmpty(db);
  const existing = await db.selectFrom('institutions').select('id').limit(1).executeTakeFirst();
  if (existing) {
    await seedDemoTopUpContracts(db, hostNow);
    await seedDemoPortalAccount(db, hostNow);
    await seedDemoAdmin(db, hostNow);
    await seedDemoWorkerCards(db, hostNow);
    return false;
  }
  const passwordHashes = await Promise.all(DEMO_WORKERS.map((w) => hashPassword(w.password)));
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('institutions').values({ id: DEMO_INSTITUTION.id, name: DEMO_INSTITUTION.name, created_at: hostNow }).execute();
    await trx
      .insertInto('workers')
      .values(
        DEMO_WORKERS.map((w, i) => ({
          id: w.id,
          institution_id: DEMO_INSTITUTION.id,
          name: w.name,
          phone: w.phone,
          password_hash: passwordHashes[i]!,
          payment_id: w.paymentId,
          created_at: hostNow,
        })),
      )
      .execute();
    await trx
      .insertInto('recipients')
      .values(DEMO_RECIPIENTS.map((r) => ({ id: r.id, name: r.name, phone: r.phone, created_at: hostNow })))
      .execute();
    await trx
      .insertInto('cards')
      .values(
        DEMO_RECIPIENTS.map((r) => ({
          id: `card-${r.id}`,
          recipient_id: r.id,
          token: r.cardToken,
          card_number: r.cardNumber,
          status: r.cardStatus,
          created_at: hostNow,
        })),
      )
      .execute();
    const contracted = DEMO_RECIPIENTS.filter((r) => r.contracted);
    await trx
      .insertInto('contracts')
      .values(
        contracted.map((r) => ({
          id: `ctr-${r.id}-${r.programId}`,
          institution_id: DEMO_INSTITUTION.id,
          recipient_id: r.id,
          program_id: r.programId,
          created_at: hostNow,
        })),
      )
      .execute();
  });
  await seedDemoTopUpContracts(db, hostNow);
  await seedDemoPortalAccount(db, hostNow);
  await seedDemoAdmin(db, hostNow);
  await seedDemoWorkerCards(db, hostNow);
  return true;
}

/** The demo's 시도추가지원 contracts, also on a demo database seeded before top-ups existed. */
async function seedDemoTopUpContracts(db: Db, hostNow: number): Promise<void> {
  const institution = await db.selectFrom('institutions').select('id').where('id', '=', DEMO_INSTITUTION.id).executeTakeFirst();
  if (!institution) return;
  await db
    .insertInto('contracts')
    .values(
      DEMO_TOP_UPS.map((t) => ({
        id: `ctr-${t.recipientId}-${t.programId}`,
        institution_id: DEMO_INSTITUTION.id,
        recipient_id: t.recipientId,
        program_id: t.programId,
        created_at: hostNow,
      })),
    )
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/** The demo institution's console login, also on a demo database seeded before the console existed. */
async function seedDemoAdmin(db: Db, hostNow: number): Promise<void> {
  const institution = await db.selectFrom('institutions').select('id').where('id', '=', DEMO_INSTITUTION.id).executeTakeFirst();
  const admin = await db.selectFrom('administrators').select('id').where('id', '=', DEMO_ADMIN.id).executeTakeFirst();
  if (!institution || admin) return;
  await createAdministrator(db, { ...DEMO_ADMIN, institutionId: DEMO_INSTITUTION.id }, hostNow);
}

/** The demo workers' 제공인력카드, also on a demo database seeded before worker cards existed. */
async function seedDemoWorkerCards(db: Db, hostNow: number): Promise<void> {
  const workers = await db
    .selectFrom('workers')
    .select('id')
    .where(
      'id',
      'in',
      DEMO_WORKER_CARDS.map((card) => card.workerId),
    )
    .execute();
  const present = new Set(workers.map((worker) => worker.id));
  const cards = DEMO_WORKER_CARDS.filter((card) => present.has(card.workerId));
  if (cards.length === 0) return;
  await db
    .insertInto('worker_cards')
    .values(
      cards.map((card) => ({
        id: `wcard-${card.workerId}`,
        worker_id: card.workerId,
        token: card.token,
        card_number: card.cardNumber,
        status: 'active' as const,
        created_at: hostNow,
        revoked_at: null,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The demo's portal account (이영희), also on a demo database seeded before the portal existed. */
async function seedDemoPortalAccount(db: Db, hostNow: number): Promise<void> {
  const recipient = await db.selectFrom('recipients').select('id').where('id', '=', DEMO_PORTAL_ACCOUNT.recipientId).executeTakeFirst();
  const account = await db
    .selectFrom('recipient_accounts')
    .select('recipient_id')
    .where('recipient_id', '=', DEMO_PORTAL_ACCOUNT.recipientId)
    .executeTakeFirst();
  if (!recipient || account) return;
  await db
    .insertInto('recipient_accounts')
    .values({
      recipient_id: DEMO_PORTAL_ACCOUNT.recipientId,
      phone: DEMO_PORTAL_ACCOUNT.phone,
      password_hash: await hashPassword(DEMO_PORTAL_ACCOUNT.password),
      created_at: hostNow,
      first_login_at: null,
      last_login_at: null,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/**
 * Grants this Seoul month's voucher to every demo recipient that lacks one, with its 'grant'
 * ledger entry, so the demo still works after the month turns. Returns how many were granted.
 */
export async function topUpDemoVouchers(db: Db, hostNow: number): Promise<number> {
  const month = seoulMonth(hostNow);
  let granted = 0;
  for (const r of DEMO_RECIPIENTS) {
    const inserted = await grantVoucher(
      db,
      {
        voucherId: demoVoucherId(r.id, r.programId, month),
        recipientId: r.id,
        programId: r.programId,
        month,
        amountKrw: r.monthlyGrantKrw,
        institutionId: r.contracted ? DEMO_INSTITUTION.id : null,
      },
      hostNow,
    );
    if (inserted) granted += 1;
  }
  for (const t of DEMO_TOP_UPS) {
    const inserted = await grantVoucher(
      db,
      {
        voucherId: demoVoucherId(t.recipientId, t.programId, month),
        recipientId: t.recipientId,
        programId: t.programId,
        month,
        amountKrw: t.monthlyGrantKrw,
        institutionId: DEMO_INSTITUTION.id,
      },
      hostNow,
    );
    if (inserted) granted += 1;
  }
  return granted;
}
