import type { Generated } from 'kysely';

/** 단말기: one installed app, identified by the device id it made at first start. */
export interface TerminalTable {
  id: string;
  device_id: string;
  /** 단말번호: 10 digits, unique. */
  terminal_number: string;
  model: string;
  /** Null until the first login binds the terminal to the worker's institution. */
  institution_id: string | null;
  status: 'active' | 'revoked';
  registered_at: number;
  /** The last 등록 확인 (every start of the app); null only for rows from before it was kept. */
  last_seen_at: number | null;
  /** personal: a worker's phone; shared: the institution's tablet, every payment names its worker by ID. */
  profile: Generated<'personal' | 'shared'>;
  /** Who may use a shared terminal: every worker of the institution, or those in terminal_workers. */
  shared_workers: Generated<'all' | 'listed'>;
  /** The app version (x-app-version) of the last 등록 확인; null before it was kept. */
  app_version: string | null;
  /** Commands the device's outbox held at its last snapshot refresh (x-outbox-pending); null until it said. */
  pending_count: number | null;
  pending_reported_at: number | null;
}

/** The workers who may use a shared terminal whose shared_workers is 'listed'. */
export interface TerminalWorkerTable {
  terminal_id: string;
  worker_id: string;
  created_at: number;
}
