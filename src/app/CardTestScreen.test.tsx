import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { VoucherRow } from '../db/db';
import { cardHash } from '../sync/findVoucherByCard';
import { CardTestScreen } from './CardTestScreen';
import { clickButton, fakeApp, renderWithApp, screenRoot, TEST_SESSION, type TestApp } from './fakeApp.testkit';

const KNOWN = '9410000000000006';
const UNKNOWN = '9410000000000099';

function voucherRow(programId: string, voucherId: string, cardHashes: string[]): VoucherRow {
  return {
    voucherId,
    recipientId: 'rcp-06',
    recipientMasked: '김**',
    programId,
    serviceCode: '070101',
    voucherMonth: '2026-11',
    balanceKrw: 250_000,
    cardHashes,
    openService: null,
    balanceAt: 1_790_000_000_000,
    provisionalBalanceKrw: 250_000,
    pendingCount: 0,
  };
}

/** A device whose snapshot knows one card, for two of the recipient's programs. */
async function appWithSnapshot(): Promise<TestApp> {
  const app = fakeApp({ online: false, session: TEST_SESSION });
  const hash = await cardHash({ kind: 'typed', number: KNOWN });
  await app.db.vouchers.bulkPut([voucherRow('developmental-rehab', 'v-rehab', [hash]), voucherRow('language-development', 'v-lang', [hash])]);
  return app;
}

const root = screenRoot();
const text = (testId: string) => root.querySelector(`[data-testid="${testId}"]`)?.textContent ?? null;
const alertText = () => root.querySelector('[role="alert"]')?.textContent ?? null;

async function until(done: () => boolean, what: string) {
  for (let i = 0; i < 200; i++) {
    if (done()) return;
    await act(async () => new Promise((r) => setTimeout(r, 5)));
  }
  throw new Error(`timed out waiting for ${what}; screen: ${root.textContent}`);
}

async function typeCard(number: string) {
  for (const digit of number) await clickButton(root, digit);
  await clickButton(root, '확인');
}

describe('카드인식 테스트 with no signal answers from the device snapshot', () => {
  let fetchSpy: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    fetchSpy = vi.fn(() => Promise.reject(new TypeError('Failed to fetch')));
    vi.stubGlobal('fetch', fetchSpy);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('shows a card the snapshot knows with its owner masked and its programs, said to come from the device', async () => {
    const app = await appWithSnapshot();
    renderWithApp(root, app, <CardTestScreen />);
    await typeCard(KNOWN);
    await until(() => text('card-owner') !== null, 'the owner');
    expect(text('card-owner')).toBe('김**');
    expect(text('card-masked')).toBe('************0006');
    expect(text('card-programs')).toBe('발달재활, 언어발달');
    expect(root.textContent).toContain('유효한 카드입니다. (결제되지 않습니다)');
    expect(root.querySelector('[role="note"]')?.textContent).toContain('기기에 저장된 정보로 확인했습니다');
    expect(alertText()).toBeNull();
    // The host was tried first; nothing was written on the device.
    expect(fetchSpy).toHaveBeenCalled();
    expect(await app.db.commands.count()).toBe(0);
  });

  it('refuses a card the snapshot does not know with its code (2001), without asking the host when the browser knows it is offline', async () => {
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    const app = await appWithSnapshot();
    renderWithApp(root, app, <CardTestScreen />);
    await typeCard(UNKNOWN);
    await until(() => alertText() !== null, 'the refusal');
    expect(alertText()).toContain('오류코드 2001');
    expect(alertText()).toContain('기기에 저장된 정보에 없는 카드입니다.');
    expect(text('card-masked')).toBe('************0099');
    expect(text('card-owner')).toBeNull();
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('reads the next card with 다시 읽기', async () => {
    const app = await appWithSnapshot();
    renderWithApp(root, app, <CardTestScreen />);
    await typeCard(UNKNOWN);
    await until(() => alertText() !== null, 'the refusal');
    await clickButton(root, '다시 읽기');
    await typeCard(KNOWN);
    await until(() => text('card-owner') === '김**', 'the owner');
    expect(alertText()).toBeNull();
  });
});
