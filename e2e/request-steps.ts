/**
 * QR결제 and 생체인증결제 journeys: a recipient of their own with a portal account, the portal's
 * virtual authenticator (CDP), and a second Chromium whose camera is a fake video of a QR code
 * (a .y4m written from the portal's real token). Test support only.
 */
import { writeFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { encode } from 'uqr';
import { CHROMIUM_ARGS, E2E_PORT } from '../playwright.config';
import { expect, hostDb, installFakeNfc } from './fixtures';
import { journeyRecipient, type JourneyRecipient } from './journey-data';

export const BASE = `http://localhost:${E2E_PORT}`;
export const PORTAL_PASSWORD = 'portal-e2e1!';

/** A recipient of this journey alone (300,000원 of 발달재활, or another program), with a phone number of its own. */
export function requestRecipient(
  id: string,
  phone: string,
  cardNumber: string,
  programId = 'developmental-rehab',
): JourneyRecipient & { phone: string } {
  const made = journeyRecipient(id, '한결이', programId, cardNumber, 300_000);
  const db = hostDb();
  try {
    db.prepare('UPDATE recipients SET phone = ? WHERE id = ?').run(phone, id);
  } finally {
    db.close();
  }
  return { ...made, phone };
}

export async function portalSignUp(page: Page, r: { phone: string; cardNumber: string }) {
  await page.goto(`${BASE}/portal/`);
  await page.getByRole('button', { name: '회원가입' }).click();
  await page.getByLabel('아이디 (스마트폰 번호)').fill(r.phone);
  await page.getByLabel('카드번호 (16자리)').fill(r.cardNumber);
  await page.getByLabel('비밀번호').fill(PORTAL_PASSWORD);
  await page.getByRole('button', { name: '가입하기' }).click();
  await expect(page.getByRole('heading', { name: '내 바우처' })).toBeVisible();
}

export async function virtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      ctap2Version: 'ctap2_1',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

/** 로그인 및 인증관리 → 생체인증 등록, back to 내 바우처. */
export async function enrolBiometric(page: Page) {
  await page.getByRole('button', { name: '로그인 및 인증관리' }).click();
  await page.getByRole('button', { name: '생체인증 등록' }).click();
  await expect(page.getByText('생체인증이 등록되었습니다.')).toBeVisible();
  await page.getByRole('button', { name: '이전' }).click();
  await expect(page.getByRole('heading', { name: '내 바우처' })).toBeVisible();
}

/** A 640×480 .y4m video (10 frames) of `text` as a QR code: what the fake camera shows. */
export function writeQrVideo(text: string, file: string) {
  const W = 640;
  const H = 480;
  const { data, size } = encode(text, { ecc: 'M', border: 4 });
  const scale = Math.floor((Math.min(W, H) * 0.9) / size);
  const side = size * scale;
  const ox = (W - side) >> 1;
  const oy = (H - side) >> 1;
  const Y = Buffer.alloc(W * H, 235);
  data.forEach((row, r) => {
    row.forEach((dark, c) => {
      if (!dark) return;
      for (let y = 0; y < scale; y++) {
        const at = (oy + r * scale + y) * W + ox + c * scale;
        Y.fill(16, at, at + scale);
      }
    });
  });
  const UV = Buffer.alloc((W / 2) * (H / 2) * 2, 128);
  const parts: Buffer[] = [Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`)];
  for (let i = 0; i < 10; i++) parts.push(Buffer.from('FRAME\n'), Y, UV);
  writeFileSync(file, Buffer.concat(parts));
}

/** A second Chromium whose camera plays `video` (read when the camera starts), with the camera allowed. */
export async function cameraBrowser(video: string): Promise<{ browser: Browser; context: BrowserContext; page: Page }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
  });
  const context = await browser.newContext({ baseURL: BASE, permissions: ['camera'], locale: 'ko-KR', timezoneId: 'Asia/Seoul' });
  await context.addInitScript(installFakeNfc);
  return { browser, context, page: await context.newPage() };
}

/** The payments recorded on a voucher, with how each was taken. */
export function methodsOn(voucherId: string): { method: string; amountKrw: number }[] {
  const db = hostDb();
  try {
    return (
      db.prepare('SELECT method, amount_krw AS amountKrw FROM payments WHERE voucher_id = ? ORDER BY recorded_at').all(voucherId) as {
        method: string;
        amountKrw: number;
      }[]
    ).map((row) => ({ method: row.method, amountKrw: Number(row.amountKrw) }));
  } finally {
    db.close();
  }
}
