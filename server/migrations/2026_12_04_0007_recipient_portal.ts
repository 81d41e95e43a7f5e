import { sql, type Kysely } from 'kysely';

/**
 * The recipient portal (issue 10): recipients become a principal of their own, and the QR and
 * biometric payment requests get their lifecycle. Runs inside the one migration transaction on
 * both engines, like every migration.
 * - recipient_accounts / recipient_sessions: the portal login (phone number + password; the card
 *   number proves the phone at sign-up). Sessions store only a hash of the cookie token, apart
 *   from the workers' sessions, so neither kind of cookie opens the other's routes.
 *   first_login_at: "has logged in at least once", which 2003 depends on.
 * - recipient_audit: who did what in the portal, append-only.
 * - webauthn_credentials / webauthn_challenges: 생체인증 등록, and single-use expiring challenges
 *   (bound to a payment request when they approve one).
 * - push_subscriptions / push_deliveries: Web Push endpoints, and the pushes waiting to be sent
 *   (an outbox of their own, so a slow push service never holds up an event or a payment).
 * - host_keys: the VAPID key pair and the Ed25519 keys that sign QR tokens (rotated).
 * - payment_requests: a worker's QR결제 or 생체인증결제 request to a recipient's phone.
 * - qr_tokens / qr_redemptions: tokens handed to the portal, and the one redemption each may have.
 * - lookups.method / lookups.amount_cap_krw: a voucher screen opened by QR or biometric approval,
 *   and the amount the recipient approved at most.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('recipient_accounts')
    .addColumn('recipient_id', 'text', (c) => c.primaryKey().references('recipients.id'))
    .addColumn('phone', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('first_login_at', 'bigint')
    .addColumn('last_login_at', 'bigint')
    .execute();

  await db.schema
    .createTable('recipient_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('recipient_id', 'text', (c) => c.notNull().references('recipients.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('auto_login', 'integer', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('recipient_sessions_recipient_idx').on('recipient_sessions').column('recipient_id').execute();

  await db.schema
    .createTable('recipient_audit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('recipient_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('recipient_audit_recipient_idx').on('recipient_audit').columns(['recipient_id', 'recorded_at']).execute();

  await db.schema
    .createTable('webauthn_credentials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('recipient_id', 'text', (c) => c.notNull().references('recipients.id'))
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('sign_count', 'bigint', (c) => c.notNull())
    .addColumn('transports', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .execute();
  await db.schema.createIndex('webauthn_credentials_recipient_idx').on('webauthn_credentials').column('recipient_id').execute();

  await db.schema
    .createTable('webauthn_challenges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('challenge', 'text', (c) => c.notNull().unique())
    .addColumn('recipient_id', 'text', (c) => c.notNull().references('recipients.id'))
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('register', 'approve')`))
    .addColumn('request_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();

  await db.schema
    .createTable('push_subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('recipient_id', 'text', (c) => c.notNull().references('recipients.id'))
    .addColumn('endpoint', 'text', (c) => c.notNull().unique())
    .addColumn('p256dh', 'text', (c) => c.notNull())
    .addColumn('auth', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('push_subscriptions_recipient_idx').on('push_subscriptions').column('recipient_id').execute();

  await db.schema
    .createTable('push_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subscription_id', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('available_at', 'bigint', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('push_deliveries_subscription_dedupe_unique', ['subscription_id', 'dedupe_key'])
    .execute();
  await db.schema.createIndex('push_deliveries_available_idx').on('push_deliveries').column('available_at').execute();

  await db.schema
    .createTable('host_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('vapid', 'qr')`))
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('private_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('host_keys_purpose_idx').on('host_keys').columns(['purpose', 'created_at']).execute();

  await db.schema
    .createTable('payment_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('qr', 'biometric')`))
    .addColumn('recipient_id', 'text', (c) => c.notNull().references('recipients.id'))
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institutions.id'))
    .addColumn('worker_id', 'text', (c) => c.notNull().references('workers.id'))
    .addColumn('terminal_id', 'text', (c) => c.notNull().references('terminals.id'))
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('amount_cap_krw', 'bigint')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'approved', 'declined', 'done')`))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_at', 'bigint')
    .addColumn('lookup_id', 'text', (c) => c.references('lookups.id'))
    .execute();
  await db.schema.createIndex('payment_requests_recipient_idx').on('payment_requests').columns(['recipient_id', 'created_at']).execute();

  await db.schema
    .createTable('qr_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('online', 'offline')`))
    .addColumn('recipient_id', 'text', (c) => c.notNull().references('recipients.id'))
    .addColumn('request_id', 'text', (c) => c.references('payment_requests.id'))
    .addColumn('voucher_id', 'text', (c) => c.references('vouchers.id'))
    .addColumn('key_id', 'text', (c) => c.notNull().references('host_keys.id'))
    .addColumn('issued_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('qr_tokens_recipient_idx').on('qr_tokens').columns(['recipient_id', 'issued_at']).execute();

  await db.schema
    .createTable('qr_redemptions')
    .addColumn('token_id', 'text', (c) => c.primaryKey().references('qr_tokens.id'))
    .addColumn('worker_id', 'text', (c) => c.notNull().references('workers.id'))
    .addColumn('terminal_id', 'text', (c) => c.notNull().references('terminals.id'))
    .addColumn('reference', 'text')
    .addColumn('redeemed_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .alterTable('lookups')
    .addColumn('method', 'text', (c) => c.notNull().defaultTo('card'))
    .execute();
  await db.schema.alterTable('lookups').addColumn('amount_cap_krw', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('lookups').dropColumn('amount_cap_krw').execute();
  await db.schema.alterTable('lookups').dropColumn('method').execute();
  for (const table of [
    'qr_redemptions',
    'qr_tokens',
    'payment_requests',
    'host_keys',
    'push_deliveries',
    'push_subscriptions',
    'webauthn_challenges',
    'webauthn_credentials',
    'recipient_audit',
    'recipient_sessions',
    'recipient_accounts',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
