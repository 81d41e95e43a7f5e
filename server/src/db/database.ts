import type { Kysely } from 'kysely';
import type { InstitutionTable, WorkerTable } from '../auth/worker.table';
import type { SessionTable } from '../auth/session.table';
import type { TerminalTable, TerminalWorkerTable } from '../terminals/terminal.table';
import type { CardTable, ContractTable, LookupTable, RecipientTable } from '../cards/card.table';
import type { VoucherTable } from '../ledger/voucher.table';
import type { LedgerEntryTable } from '../ledger/ledger.table';
import type { OpenServiceTable, ServiceDiscardTable } from '../services/open-service.table';
import type { PaymentTable } from '../payments/payment.table';
import type { TariffRowTable } from '../catalog/tariff.table';
import type { RateLimitTable } from '../http/rate-limit.table';
import type { CommandTable } from '../commands/command.table';
import type { CancellationTable } from '../cancellations/cancellation.table';
import type { DomainEventTable, EventQueueTable, InboxMessageTable } from '../events/event.table';
import type { RecipientAccountTable, RecipientAuditTable, RecipientSessionTable } from '../recipients/recipient.table';
import type { WebauthnChallengeTable, WebauthnCredentialTable } from '../webauthn/webauthn.table';
import type { HostKeyTable, PushDeliveryTable, PushSubscriptionTable } from '../push/push.table';
import type { PaymentRequestTable, QrRedemptionTable, QrTokenTable } from '../requests/request.table';

export interface Database {
  institutions: InstitutionTable;
  workers: WorkerTable;
  sessions: SessionTable;
  terminals: TerminalTable;
  terminal_workers: TerminalWorkerTable;
  recipients: RecipientTable;
  cards: CardTable;
  contracts: ContractTable;
  lookups: LookupTable;
  vouchers: VoucherTable;
  ledger_entries: LedgerEntryTable;
  open_services: OpenServiceTable;
  service_discards: ServiceDiscardTable;
  payments: PaymentTable;
  tariff_rows: TariffRowTable;
  rate_limits: RateLimitTable;
  commands: CommandTable;
  cancellations: CancellationTable;
  domain_events: DomainEventTable;
  event_queue: EventQueueTable;
  inbox_messages: InboxMessageTable;
  recipient_accounts: RecipientAccountTable;
  recipient_sessions: RecipientSessionTable;
  recipient_audit: RecipientAuditTable;
  webauthn_credentials: WebauthnCredentialTable;
  webauthn_challenges: WebauthnChallengeTable;
  push_subscriptions: PushSubscriptionTable;
  push_deliveries: PushDeliveryTable;
  host_keys: HostKeyTable;
  payment_requests: PaymentRequestTable;
  qr_tokens: QrTokenTable;
  qr_redemptions: QrRedemptionTable;
}

/** Repositories take the database or a transaction (a Transaction is a Kysely), so services decide the boundary. */
export type Db = Kysely<Database>;
