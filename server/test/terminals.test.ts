import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionInfo, Terminal } from '../../src/domain/wire';
import { databases, KIM, MINUTE, PARK, TestContext } from './test-context';

describe.each(databases)('terminal registration and re-install on %s', (kind) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await TestContext.create(kind);
  });
  afterAll(async () => {
    await ctx.close();
  });

  const register = async (deviceId: string, model: string) => (await ctx.post('/api/terminals/register', { deviceId, model })).json<Terminal>();
  const loginOn = async (deviceId: string, worker = KIM) => {
    const response = await ctx.post('/api/auth/login', { phone: worker.phone, password: worker.password, autoLogin: true, deviceId });
    return { info: response.json<SessionInfo>(), cookie: response.cookies.find((c) => c.name === 'evs')!.value };
  };
  const institutionTerminals = async () =>
    Number(
      (
        await ctx.db
          .selectFrom('terminals')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('institution_id', '=', 'inst-seongnam')
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('keeps the 단말번호 of a device at every start and records when it was last seen', async () => {
    const deviceId = randomUUID();
    const first = await register(deviceId, 'Android SM-A245N');
    ctx.clock.advance(5 * MINUTE);
    const again = await register(deviceId, 'Android SM-A245N');
    expect(again.terminalNumber).toBe(first.terminalNumber);
    expect(again.profile).toBe('personal');
    const row = await ctx.db
      .selectFrom('terminals')
      .select(['last_seen_at', 'registered_at'])
      .where('device_id', '=', deviceId)
      .executeTakeFirstOrThrow();
    expect(Number(row.last_seen_at)).toBe(ctx.clock.now());
    expect(Number(row.registered_at)).toBe(ctx.clock.now() - 5 * MINUTE);
  });

  it('recognises a re-install on the same device: the new registration takes the old terminal and its 단말번호 over', async () => {
    const model = 'Android SM-S918N';
    const oldDevice = randomUUID();
    const old = await register(oldDevice, model);
    const before = await loginOn(oldDevice);
    expect(before.info.reinstall).toBeUndefined();
    await ctx.lookup(before.cookie, 'rcp-06');
    const counted = await institutionTerminals();

    // Re-installed: the device id the app kept is gone, a new one registers as a new terminal …
    ctx.clock.advance(60 * MINUTE);
    const newDevice = randomUUID();
    const fresh = await register(newDevice, model);
    expect(fresh.terminalNumber).not.toBe(old.terminalNumber);
    const after = await loginOn(newDevice);
    // … and its first login says which terminal it may be.
    expect(after.info.reinstall).toEqual({ terminalNumber: old.terminalNumber, model, lastSeenAt: Number(old.registeredAt) });
    expect(await institutionTerminals()).toBe(counted + 1);

    const reclaimed = await ctx.post('/api/terminals/reclaim', { terminalNumber: old.terminalNumber }, { cookie: after.cookie });
    expect(reclaimed.statusCode).toBe(200);
    expect(reclaimed.json<SessionInfo>().terminal.terminalNumber).toBe(old.terminalNumber);
    // One terminal, the old number, this device; the old installation's session is over.
    expect(await institutionTerminals()).toBe(counted);
    expect((await register(newDevice, model)).terminalNumber).toBe(old.terminalNumber);
    expect((await ctx.get('/api/auth/me', { cookie: after.cookie })).json<SessionInfo>().terminal.terminalNumber).toBe(old.terminalNumber);
    expect((await ctx.get('/api/auth/me', { cookie: before.cookie })).json()).toMatchObject({ code: '1003' });
    // The old device id is no terminal any more; the history stays with the terminal.
    expect(await ctx.db.selectFrom('terminals').select('id').where('device_id', '=', oldDevice).executeTakeFirst()).toBeUndefined();
    const oldRow = await ctx.db.selectFrom('terminals').select('id').where('terminal_number', '=', old.terminalNumber).executeTakeFirstOrThrow();
    const lookups = await ctx.db.selectFrom('lookups').select('id').where('terminal_id', '=', oldRow.id).execute();
    expect(lookups).toHaveLength(1);
    // And it can pay there as before.
    await ctx.lookup(after.cookie, 'rcp-06');
  });

  it('asks only at the login that binds a new registration, and only about this worker’s terminal of the same model', async () => {
    const model = 'iPad';
    const kimDevice = randomUUID();
    await register(kimDevice, model);
    await loginOn(kimDevice);

    const otherModel = randomUUID();
    await register(otherModel, 'Windows');
    expect((await loginOn(otherModel)).info.reinstall).toBeUndefined();

    const parkDevice = randomUUID();
    await register(parkDevice, model);
    expect((await loginOn(parkDevice, PARK)).info.reinstall).toBeUndefined();

    const second = randomUUID();
    await register(second, model);
    expect((await loginOn(second)).info.reinstall).toBeDefined();
    expect((await loginOn(second)).info.reinstall).toBeUndefined();
  });

  it('refuses to take a terminal over (1023) once the new registration has done work, or when it is not the candidate', async () => {
    const model = 'Android SM-G991N';
    const oldDevice = randomUUID();
    const old = await register(oldDevice, model);
    await loginOn(oldDevice);
    const newDevice = randomUUID();
    await register(newDevice, model);
    const { info, cookie } = await loginOn(newDevice);
    expect(info.reinstall?.terminalNumber).toBe(old.terminalNumber);

    const parkDevice = randomUUID();
    const parks = await register(parkDevice, model);
    await loginOn(parkDevice, PARK);
    const notCandidate = await ctx.post('/api/terminals/reclaim', { terminalNumber: parks.terminalNumber }, { cookie });
    expect(notCandidate.statusCode).toBe(409);
    expect(notCandidate.json()).toMatchObject({ code: '1023' });

    await ctx.lookup(cookie, 'rcp-06');
    const afterWork = await ctx.post('/api/terminals/reclaim', { terminalNumber: old.terminalNumber }, { cookie });
    expect(afterWork.json()).toMatchObject({ code: '1023' });
    expect((await register(oldDevice, model)).terminalNumber).toBe(old.terminalNumber);
  });

  it('never offers a revoked terminal', async () => {
    const model = 'Android SM-X200';
    const oldDevice = randomUUID();
    await register(oldDevice, model);
    await loginOn(oldDevice);
    await ctx.db.updateTable('terminals').set({ status: 'revoked' }).where('device_id', '=', oldDevice).execute();
    const newDevice = randomUUID();
    await register(newDevice, model);
    expect((await loginOn(newDevice)).info.reinstall).toBeUndefined();
  });
});
