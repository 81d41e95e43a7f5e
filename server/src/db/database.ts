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
}

/** Repositories take the database or a transaction (a Transaction is a Kysely), so services decide the boundary. */
export type Db = Kysely<Database>;
