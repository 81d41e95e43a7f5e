/**
 * 생체인증 (WebAuthn) for the recipient portal: enrolment of a platform authenticator (fingerprint
 * or face on the recipient's phone) and the assertion that approves a 생체인증결제 request. User
 * verification is required; origin and RP ID come from the config (localhost in dev and tests);
 * the challenge is 32 random bytes made here, stored, expiring, usable once — an approval's is
 * bound to its request id — and consumed before the response is checked, so a failed check
 * burns it too. The signature counter is stored and must move forward (a clone is refused).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { HostDeps } from '../deps';
import { HostError } from '../http/host-error';
import { recipientRepository } from '../recipients/recipient.repository';
import type { RecipientContext } from '../recipients/recipient-auth.service';
import { cardRepository } from '../cards/card.repository';

/** An enrolment ceremony must finish within this (the approval's follows its request's expiry). */
const REGISTER_TTL_MS = 5 * 60_000;
const RP_NAME = '사회서비스 전자바우처 이용자 포털';

function transportsOf(json: string): AuthenticatorTransport[] {
  try {
    const parsed = JSON.parse(json) as unknown;
    return Array.isArray(parsed) ? (parsed.filter((t) => typeof t === 'string') as AuthenticatorTransport[]) : [];
  } catch {
    return [];
  }
}

async function newChallenge(
  deps: HostDeps,
  recipientId: string,
  purpose: 'register' | 'approve',
  requestId: string | null,
  expiresAt: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = new Uint8Array(randomBytes(32));
  await deps.db
    .insertInto('webauthn_challenges')
    .values({
      id: randomUUID(),
      challenge: Buffer.from(bytes).toString('base64url'),
      recipient_id: recipientId,
      purpose,
      request_id: requestId,
      created_at: deps.now(),
      expires_at: expiresAt,
      used_at: null,
    })
    .execute();
  return bytes;
}

/** The challenge the browser signed (from clientDataJSON), if it is ours, live, unused and bound as expected: consumed now. 1044 otherwise. */
async function consumeChallenge(
  deps: HostDeps,
  recipientId: string,
  purpose: 'register' | 'approve',
  requestId: string | null,
  clientDataJSON: unknown,
): Promise<string> {
  let challenge: unknown;
  try {
    challenge = (JSON.parse(Buffer.from(String(clientDataJSON), 'base64url').toString('utf8')) as { challenge?: unknown }).challenge;
  } catch {
    challenge = undefined;
  }
  // Only a challenge we could have made (base64url) reaches the database.
  if (typeof challenge !== 'string' || !/^[A-Za-z0-9_-]{16,200}$/.test(challenge)) throw new HostError('1043', 'clientDataJSON');
  const hostNow = deps.now();
  let query = deps.db
    .updateTable('webauthn_challenges')
    .set({ used_at: hostNow })
    .where('challenge', '=', challenge)
    .where('recipient_id', '=', recipientId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', hostNow);
  query = requestId === null ? query.where('request_id', 'is', null) : query.where('request_id', '=', requestId);
  const result = await query.executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new HostError('1044', `challenge ${purpose}`);
  return challenge;
}

export async function registrationOptions(deps: HostDeps, context: RecipientContext): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const [recipient, account, existing] = await Promise.all([
    cardRepository.findRecipient(deps.db, context.recipientId),
    recipientRepository.findAccount(deps.db, context.recipientId),
    deps.db.selectFrom('webauthn_credentials').select(['id', 'transports']).where('recipient_id', '=', context.recipientId).execute(),
  ]);
  if (!recipient || !account) throw new HostError('1003');
  const challenge = await newChallenge(deps, context.recipientId, 'register', null, deps.now() + REGISTER_TTL_MS);
  return generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: deps.config.webauthnRpId,
    userName: account.phone,
    userID: new Uint8Array(Buffer.from(context.recipientId)),
    userDisplayName: recipient.name,
    challenge,
    timeout: REGISTER_TTL_MS,
    attestationType: 'none',
    excludeCredentials: existing.map((c) => ({ id: c.id, transports: transportsOf(c.transports) })),
    authenticatorSelection: { authenticatorAttachment: 'platform', residentKey: 'preferred', userVerification: 'required' },
  });
}

export async function register(deps: HostDeps, context: RecipientContext, response: RegistrationResponseJSON): Promise<{ biometricCount: number }> {
  const expectedChallenge = await consumeChallenge(deps, context.recipientId, 'register', null, response.response.clientDataJSON);
  let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verification = await verifyRegistrationResponse({
      response,
      expectedChallenge,
      expectedOrigin: [...deps.config.webauthnOrigins],
      expectedRPID: deps.config.webauthnRpId,
      requireUserVerification: true,
    });
  } catch (error) {
    await recipientRepository.audit(deps.db, {
      recipient_id: context.recipientId,
      action: 'webauthn-register',
      outcome: 'refused',
      detail: '1043',
      recorded_at: deps.now(),
    });
    throw new HostError('1043', error instanceof Error ? error.message : 'registration');
  }
  if (!verification.verified || !verification.registrationInfo.userVerified) throw new HostError('1043', 'not verified');
  const { credential } = verification.registrationInfo;
  await deps.db
    .insertInto('webauthn_credentials')
    .values({
      id: credential.id,
      recipient_id: context.recipientId,
      public_key: Buffer.from(credential.publicKey).toString('base64url'),
      sign_count: credential.counter,
      transports: JSON.stringify(credential.transports ?? []),
      created_at: deps.now(),
      last_used_at: null,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  await recipientRepository.audit(deps.db, {
    recipient_id: context.recipientId,
    action: 'webauthn-register',
    outcome: 'ok',
    detail: null,
    recorded_at: deps.now(),
  });
  return { biometricCount: await countCredentials(deps, context.recipientId) };
}

async function countCredentials(deps: HostDeps, recipientId: string): Promise<number> {
  const row = await deps.db
    .selectFrom('webauthn_credentials')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('recipient_id', '=', recipientId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** 생체인증 해제: every credential of the recipient goes; approvals need a new enrolment. */
export async function removeCredentials(deps: HostDeps, context: RecipientContext): Promise<{ biometricCount: number }> {
  await deps.db.deleteFrom('webauthn_credentials').where('recipient_id', '=', context.recipientId).execute();
  await recipientRepository.audit(deps.db, {
    recipient_id: context.recipientId,
    action: 'webauthn-remove',
    outcome: 'ok',
    detail: null,
    recorded_at: deps.now(),
  });
  return { biometricCount: 0 };
}

/** Options to approve one request: a challenge bound to it, expiring with it. 1042 with no credential enrolled. */
export async function approvalOptions(
  deps: HostDeps,
  context: RecipientContext,
  requestId: string,
  expiresAt: number,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const credentials = await deps.db
    .selectFrom('webauthn_credentials')
    .select(['id', 'transports'])
    .where('recipient_id', '=', context.recipientId)
    .execute();
  if (credentials.length === 0) throw new HostError('1042');
  const challenge = await newChallenge(deps, context.recipientId, 'approve', requestId, expiresAt);
  return generateAuthenticationOptions({
    rpID: deps.config.webauthnRpId,
    challenge,
    timeout: Math.max(1000, expiresAt - deps.now()),
    userVerification: 'required',
    allowCredentials: credentials.map((c) => ({ id: c.id, transports: transportsOf(c.transports) })),
  });
}

/** Checks an assertion for a request: the challenge bound to it, the recipient's own credential, user verification, a forward counter. */
export async function verifyApproval(
  deps: HostDeps,
  context: RecipientContext,
  requestId: string,
  response: AuthenticationResponseJSON,
): Promise<void> {
  const expectedChallenge = await consumeChallenge(deps, context.recipientId, 'approve', requestId, response.response.clientDataJSON);
  const stored = await deps.db
    .selectFrom('webauthn_credentials')
    .selectAll()
    .where('id', '=', response.id)
    .where('recipient_id', '=', context.recipientId)
    .executeTakeFirst();
  const refuse = async (detail: string): Promise<never> => {
    await recipientRepository.audit(deps.db, {
      recipient_id: context.recipientId,
      action: 'approve',
      outcome: 'refused',
      detail: `1043 ${detail}`.slice(0, 200),
      recorded_at: deps.now(),
    });
    throw new HostError('1043', detail);
  };
  if (!stored) return refuse('unknown credential');
  let verification: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge,
      expectedOrigin: [...deps.config.webauthnOrigins],
      expectedRPID: deps.config.webauthnRpId,
      credential: {
        id: stored.id,
        publicKey: new Uint8Array(Buffer.from(stored.public_key, 'base64url')),
        counter: Number(stored.sign_count),
        transports: transportsOf(stored.transports),
      },
      requireUserVerification: true,
    });
  } catch (error) {
    return refuse(error instanceof Error ? error.message : 'assertion');
  }
  if (!verification.verified || !verification.authenticationInfo.userVerified) return refuse('not verified');
  // Only from the counter just checked: two assertions racing cannot both move it.
  const updated = await deps.db
    .updateTable('webauthn_credentials')
    .set({ sign_count: verification.authenticationInfo.newCounter, last_used_at: deps.now() })
    .where('id', '=', stored.id)
    .where('sign_count', '=', Number(stored.sign_count))
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) return refuse('counter raced');
}
