import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Receipt, SessionInfo, VoucherScreen } from '../../src/domain/wire';
import { demoVoucherId } from '../src/demo/seed';
import { checkVoucherBalance } from '../src/ledger/ledger.service';
import { paymentRequest } from './online-payments';
import { databases, MINUTE, TestContext } from './test-context';

describe.each(databases)('시도추가지원 on %s', (kind) => {
  let ctx: TestContext;
  let cookie: string;

  beforeAll(async () => {
    ctx = await TestContext.create(kind);
    cookie = await ctx.login();
  });
  afterAll(async () => {
    await ctx.close();
  });

  const lookupTopUp = (token: string) =>
    ctx.post('/api/cards/lookup', { programId: 'activity-support-topup', card: { kind: 'nfc', token } }, { cookie });

  it('offers the top-up among the programs, and draws a visit on the top-up voucher alone', async () => {
    const me = (await ctx.get('/api/auth/me', { cookie })).json<SessionInfo>();
    expect(me.programIds).toContain('activity-support-topup');

    const opened = await lookupTopUp('EVC-7f3a9c10-act');
    expect(opened.statusCode).toBe(200);
    const screen = opened.json<VoucherScreen>();
    expect(screen).toMatchObject({ programId: 'activity-support-topup', balanceKrw: 300_000 });
    expect((await ctx.post('/api/services/start', { lookupId: screen.lookupId, deviceAt: ctx.clock.now() }, { cookie })).statusCode).toBe(200);

    ctx.clock.advance(60 * MINUTE);
    const end = (await lookupTopUp('EVC-7f3a9c10-act')).json<VoucherScreen>();
    const paid = await ctx.post(
      '/api/payments',
      paymentRequest(end.lookupId, 17_270, ctx.clock.now(), { openServiceId: end.openService?.id ?? null, minutesByType: { social: 60 } }),
      { cookie },
    );
    expect(paid.statusCode).toBe(200);
    expect(paid.json<Receipt>()).toMatchObject({ programId: 'activity-support-topup', amountKrw: 17_270, balanceKrw: 300_000 - 17_270 });
    const topUp = await checkVoucherBalance(ctx.db, demoVoucherId('rcp-01', 'activity-support-topup', '2026-03'));
    expect(topUp).toMatchObject({ balanceKrw: 282_730, ledgerSumKrw: 282_730 });
    // The national voucher is untouched.
    expect(await ctx.balanceOf('rcp-01')).toEqual({ balanceKrw: 1_932_800, ledgerSumKrw: 1_932_800 });
  });

  it('refuses a top-up the institution has no contract for (2207)', async () => {
    const refused = await lookupTopUp('EVC-2b81e4d2-mul');
    expect(refused.json().code).toBe('2207');
  });
});
