/**
 * The recipient as a principal of their own (issue 10): sign-up, login, sessions and audit of the
 * portal. It mirrors the workers' auth (auth/auth.service.ts) — scrypt passwords, opaque random
 * tokens of which only a hash is stored, idle and absolute windows, 자동로그인 — with its own
 * table and cookie (`evr`), so a recipient's cookie never passes a worker's requireSession and a
 * worker's never passes requireRecipient.
 */
import { randomBytes } from 'node:crypto';
import { maskName, normalizeCardNumber, normalizePhone } from '../../../src/domain/people';
import { validateNewPassword } from '../../../src/domain/password-rules';
import type { RecipientLoginRequest, RecipientSession, RecipientSignupRequest } from '../../../src/domain/portal';
import { AUTO_LOGIN_ABSOLUTE_MS, AUTO_LOGIN_IDLE_MS, hashToken, maskPhone } from '../auth/auth.service';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../auth/password';
import { cardRepository } from '../cards/card.repository';
import type { HostDeps } from '../deps';
import { HostError } from '../http/host-error';
import { recipientRepository } from './recipient.repository';

const TOUCH_EVERY_MS = 60_000;

export interface RecipientContext {
  readonly tokenHash: string;
  readonly recipientId: string;
  readonly autoLogin: boolean;
}

export interface RecipientLoginResult {
  readonly token: string;
  readonly session: RecipientSession;
  readonly cookieMaxAgeSeconds: number | null;
}

async function refused(deps: HostDeps, action: string, recipientId: string | null, error: HostError): Promise<never> {
  await recipientRepository.audit(deps.db, { recipient_id: recipientId, action, outcome: 'refused', detail: error.code, recorded_at: deps.now() });
  throw error;
}

async function openSession(deps: HostDeps, recipientId: string, autoLogin: boolean): Promise<RecipientLoginResult> {
  const hostNow = deps.now();
  const token = randomBytes(32).toString('base64url');
  const absoluteMs = autoLogin ? AUTO_LOGIN_ABSOLUTE_MS : deps.config.sessionAbsoluteHours * 3_600_000;
  await deps.db.transaction().execute(async (trx) => {
    await recipientRepository.insertSession(trx, {
      token_hash: hashToken(token),
      recipient_id: recipientId,
      created_at: hostNow,
      last_seen_at: hostNow,
      expires_at: hostNow + absoluteMs,
      auto_login: autoLogin ? 1 : 0,
      revoked_at: null,
    });
    // "Has logged in at least once": from now on a QR/biometric request reaches this recipient.
    await recipientRepository.recordLogin(trx, recipientId, hostNow);
    await recipientRepository.audit(trx, {
      recipient_id: recipientId,
      action: 'login',
      outcome: 'ok',
      detail: autoLogin ? 'auto' : null,
      recorded_at: hostNow,
    });
  });
  const session = await recipientSession(deps, { tokenHash: hashToken(token), recipientId, autoLogin });
  return { token, session, cookieMaxAgeSeconds: autoLogin ? Math.floor(AUTO_LOGIN_ABSOLUTE_MS / 1000) : null };
}

/**
 * 회원가입: the phone number must be the recipient's own on record, and the card number one of
 * their active cards — together they show it is the card holder. One account per recipient and per
 * phone (1040). A mismatch is one answer (1041) whichever half is wrong. Signs the recipient in.
 */
export async function signup(deps: HostDeps, request: RecipientSignupRequest): Promise<RecipientLoginResult> {
  const phone = normalizePhone(request.phone);
  const recipient = await recipientRepository.findByPhoneAndActiveCard(deps.db, phone, normalizeCardNumber(request.cardNumber));
  if (!recipient) return refused(deps, 'signup', null, new HostError('1041'));
  const rules = validateNewPassword(request.password, phone);
  if (!rules.ok) return refused(deps, 'signup', recipient.id, new HostError(rules.code, rules.detail));
  const created = await recipientRepository.insertAccount(deps.db, {
    recipient_id: recipient.id,
    phone,
    password_hash: await hashPassword(request.password),
    created_at: deps.now(),
    first_login_at: null,
    last_login_at: null,
  });
  if (!created) return refused(deps, 'signup', recipient.id, new HostError('1040'));
  await recipientRepository.audit(deps.db, { recipient_id: recipient.id, action: 'signup', outcome: 'ok', detail: null, recorded_at: deps.now() });
  return openSession(deps, recipient.id, false);
}

export async function recipientLogin(deps: HostDeps, request: RecipientLoginRequest): Promise<RecipientLoginResult> {
  const account = await recipientRepository.findAccountByPhone(deps.db, normalizePhone(request.phone));
  // scrypt either way: an unknown number and a wrong password take the same time and answer.
  const passwordOk = await verifyPassword(request.password, account?.password_hash ?? (await dummyPasswordHash()));
  if (!account || !passwordOk) return refused(deps, 'login', account?.recipient_id ?? null, new HostError('1002'));
  return openSession(deps, account.recipient_id, request.autoLogin);
}

/** The cookie's live session, or 1003. */
export async function authenticateRecipient(deps: HostDeps, token: string | undefined): Promise<RecipientContext> {
  if (!token) throw new HostError('1003');
  const hostNow = deps.now();
  const tokenHash = hashToken(token);
  const row = await recipientRepository.findSession(deps.db, tokenHash);
  if (!row || row.revoked_at !== null) throw new HostError('1003');
  const idleMs = row.auto_login === 1 ? AUTO_LOGIN_IDLE_MS : deps.config.sessionIdleMinutes * 60_000;
  const lastSeenAt = Number(row.last_seen_at);
  if (hostNow >= Number(row.expires_at) || hostNow - lastSeenAt >= idleMs) {
    await recipientRepository.revokeSession(deps.db, tokenHash, hostNow);
    throw new HostError('1003', 'session expired');
  }
  if (hostNow - lastSeenAt >= TOUCH_EVERY_MS) await recipientRepository.touchSession(deps.db, tokenHash, hostNow);
  return { tokenHash, recipientId: row.recipient_id, autoLogin: row.auto_login === 1 };
}

export async function recipientSession(deps: HostDeps, context: RecipientContext): Promise<RecipientSession> {
  const [recipient, account, credentials] = await Promise.all([
    cardRepository.findRecipient(deps.db, context.recipientId),
    recipientRepository.findAccount(deps.db, context.recipientId),
    deps.db
      .selectFrom('webauthn_credentials')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('recipient_id', '=', context.recipientId)
      .executeTakeFirstOrThrow(),
  ]);
  if (!recipient || !account) throw new HostError('1003');
  return {
    // Their own name, to themselves; masked anyway on a screen others may see over the shoulder.
    recipient: { name: maskName(recipient.name), phoneMasked: maskPhone(account.phone) },
    autoLogin: context.autoLogin,
    biometricCount: Number(credentials.n),
    hostNow: deps.now(),
  };
}

export async function recipientLogout(deps: HostDeps, token: string | undefined): Promise<void> {
  if (!token) return;
  const tokenHash = hashToken(token);
  const row = await recipientRepository.findSession(deps.db, tokenHash);
  await recipientRepository.revokeSession(deps.db, tokenHash, deps.now());
  if (row)
    await recipientRepository.audit(deps.db, {
      recipient_id: row.recipient_id,
      action: 'logout',
      outcome: 'ok',
      detail: null,
      recorded_at: deps.now(),
    });
}
