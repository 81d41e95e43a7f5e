import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import type { ProgramId } from '../domain/catalog';
import type { VoucherScreen } from '../domain/wire';
import { fakeApp, renderFlow, screenRoot, TEST_SESSION } from './fakeApp.testkit';

// 2026-11-27 10:00 in Seoul; a service of two hours.
const START = Date.UTC(2026, 10, 27, 1, 0);
const END = START + 120 * 60_000 + 30_000;

function voucher(programId: ProgramId): VoucherScreen {
  return {
    lookupId: 'lk-1',
    programId,
    institutionName: '성남주간보호센터-발달',
    recipientMasked: '이**',
    serviceCode: '010101',
    balanceKrw: 1_932_800,
    voucherMonth: '2026-11',
    expiresAt: START + 300_000,
    hostNow: START,
    openService: { id: 'os-1', startedAt: START },
  };
}

const app = fakeApp({ hostNow: () => END, showError: () => null, session: TEST_SESSION });

const root = screenRoot();

async function mount(programId: ProgramId, endAt = END) {
  const flow = renderFlow(root, app);
  await flow.openEntry(
    { voucher: voucher(programId), deadlineAt: Date.now() + 300_000 },
    { mode: 'normal', serviceEndAt: endAt, openService: { id: 'os-1', startedAt: START }, openServiceSource: 'host' },
  );
}

const field = (label: string) => root.querySelector<HTMLInputElement>(`input[aria-label="${label}"]`)!;
const type = async (label: string, value: string) => {
  await act(async () => {
    const input = field(label);
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
};
const confirm = () => [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === '확인')!;
const text = (id: string) => root.querySelector(`[data-testid="${id}"]`)?.textContent;

describe('SplitScreen', () => {
  it('labels a 시 and a 분 field per service type and shows 총 시간', async () => {
    await mount('activity-support');
    for (const name of ['사회활동지원', '신체활동지원', '가사활동지원', '기타서비스']) {
      expect(field(`${name} 시`)).toBeTruthy();
      expect(field(`${name} 분`).getAttribute('inputmode')).toBe('numeric');
    }
    expect(text('total-time')).toBe('2시간 0분');
    expect(text('remaining-time')).toBe('2시간 0분');
  });

  it('counts 잔여시간 down and enables 확인 with the price only at 0', async () => {
    await mount('activity-support');
    await type('사회활동지원 시', '1');
    expect(text('remaining-time')).toBe('1시간 0분');
    expect(confirm().disabled).toBe(true);
    expect(text('payment-amount')).toBeUndefined();
    await type('신체활동지원 분', '60');
    expect(text('remaining-time')).toBe('0시간 0분');
    expect(confirm().disabled).toBe(false);
    expect(text('payment-amount')).toBe('34,540원');
  });

  it('prices the split with the tariff the host sent to the device, not the built-in one', async () => {
    await app.db.meta.put({
      key: 'tariff',
      value: [
        {
          programId: 'activity-support',
          serviceTypeId: null,
          rate: 'standard',
          unit: 'hour',
          priceKrw: 18_000,
          effectiveFrom: '2026-01-01',
          effectiveUntil: null,
        },
      ],
    });
    try {
      await mount('activity-support');
      await type('사회활동지원 시', '2');
      await vi.waitFor(() => expect(text('payment-amount')).toBe('36,000원'));
    } finally {
      await app.db.meta.delete('tariff');
    }
  });

  it('shows 2105 for two bath types and keeps 확인 disabled', async () => {
    await mount('visiting-bath');
    expect(root.textContent).toContain('택1');
    await type('차량내입욕 시', '1');
    await type('가정내입욕 시', '1');
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('오류코드 2105');
    expect(confirm().disabled).toBe(true);
  });

  it('shows 2111 for a service of less than a minute', async () => {
    await mount('activity-support', START + 59_000);
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('오류코드 2111');
    expect(confirm().disabled).toBe(true);
  });
});
