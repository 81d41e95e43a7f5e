import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_API, type AdminRecipient, type AdminWorker, type IssuedCard, type Reconciliation } from '../../src/domain/admin';
import type { Receipt, VoucherScreen } from '../../src/domain/wire';
import { createAdministrator } from '../src/admin-console/admin-auth.service';
import { paymentRequest } from './online-payments';
import { databases, MINUTE, TestContext } from './test-context';

describe.each(databases)('a new care centre with no demo data on %s', (kind) => {
  let ctx: TestContext;
  let admin: string;

  const ok = async <T>(response: Promise<LightMyRequestResponse>): Promise<T> => {
    const answer = await response;
    if (answer.statusCode !== 200) throw new Error(`${answer.statusCode} ${answer.body}`);
    return answer.json<T>();
  };
  const adminPost = (url: string, body: unknown) => ctx.app.inject({ method: 'POST', url, cookies: { eva: admin }, payload: body as object });
  const adminGet = (url: string) => ctx.app.inject({ method: 'GET', url, cookies: { eva: admin } });

  async function adminLogin(): Promise<void> {
    const login = await ctx.post(ADMIN_API.login, { loginId: 'saebit-admin', password: 'saebit-adm1!' });
    if (login.statusCode !== 200) throw new Error(login.body);
    admin = login.cookies.find((c) => c.name === 'eva')!.value;
  }

  beforeAll(async () => {
    ctx = await TestContext.create(kind, { demoData: false }, { demo: false });
    await ctx.db.insertInto('institutions').values({ id: 'inst-new', name: '새빛돌봄센터', created_at: ctx.clock.now() }).execute();
    await createAdministrator(
      ctx.db,
      { id: 'adm-new', institutionId: 'inst-new', loginId: 'saebit-admin', name: '새빛 관리자', password: 'saebit-adm1!' },
      ctx.clock.now(),
    );
    await adminLogin();
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('holds nothing of the demo: one institution, no workers, recipients or vouchers', async () => {
    expect(await ctx.db.selectFrom('institutions').select('id').execute()).toEqual([{ id: 'inst-new' }]);
    for (const table of ['workers', 'recipients', 'vouchers'] as const) {
      expect(await ctx.db.selectFrom(table).select('id').execute(), table).toEqual([]);
    }
  });

  it('is staffed and run from the console: a time visit and an amount session are billed and reconcile', async () => {
    await ok<AdminWorker>(adminPost(ADMIN_API.workers, { name: '한결', phone: '01066667777', password: 'hangyeol1!', paymentId: '2001' }));
    const recipient = await ok<AdminRecipient>(
      adminPost(ADMIN_API.recipients, {
        name: '새이용',
        phone: '01066668888',
        contracts: [
          { programId: 'activity-support', monthlyKrw: 500_000 },
          { programId: 'developmental-rehab', monthlyKrw: 200_000 },
        ],
      }),
    );
    const card = await ok<IssuedCard>(adminPost(ADMIN_API.cards, { recipientId: recipient.id }));

    const deviceId = await ctx.registerTerminal();
    const login = await ctx.post('/api/auth/login', { phone: '01066667777', password: 'hangyeol1!', autoLogin: true, deviceId });
    expect(login.statusCode).toBe(200);
    const cookie = login.cookies.find((c) => c.name === 'evs')!.value;
    const lookup = (programId: string) =>
      ok<VoucherScreen>(ctx.post('/api/cards/lookup', { programId, card: { kind: 'nfc', token: card.token } }, { cookie }));

    // A 활동보조 visit of an hour, priced by the published tariff (seeded on every start).
    const start = await lookup('activity-support');
    expect((await ctx.post('/api/services/start', { lookupId: start.lookupId, deviceAt: ctx.clock.now() }, { cookie })).statusCode).toBe(200);
    ctx.clock.advance(60 * MINUTE);
    const end = await lookup('activity-support');
    const visit = await ok<Receipt>(
      ctx.post(
        '/api/payments',
        paymentRequest(end.lookupId, 17_270, ctx.clock.now(), { openServiceId: end.openService?.id ?? null, minutesByType: { social: 60 } }),
        { cookie },
      ),
    );
    expect(visit).toMatchObject({ institutionName: '새빛돌봄센터', amountKrw: 17_270, balanceKrw: 500_000 - 17_270 });

    const session = await lookup('developmental-rehab');
    const paid = await ok<Receipt>(ctx.post('/api/payments', paymentRequest(session.lookupId, 40_000, ctx.clock.now()), { cookie }));
    expect(paid.balanceKrw).toBe(160_000);

    // The administrator's console session ended while the visit lasted (30 idle minutes): signed in again.
    await adminLogin();
    const report = await ok<Reconciliation>(adminGet(`${ADMIN_API.reconciliation}?date=2026-03-10`));
    expect(report.programs.map((p) => [p.programId, p.paymentCount, p.paymentKrw, p.netKrw])).toEqual([
      ['activity-support', 1, 17_270, 17_270],
      ['developmental-rehab', 1, 40_000, 40_000],
    ]);
    expect(report).toMatchObject({ vouchersChecked: 2, mismatches: [] });
  });
});
