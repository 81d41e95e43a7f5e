import type { Migration } from 'kysely';
import * as initial from './2026_11_27_0001_initial';
import * as offlineSync from './2026_11_27_0002_offline_sync';
import * as onePostingPath from './2026_12_01_0003_one_posting_path';
import * as terminalModes from './2026_12_02_0005_terminal_modes';
import * as visitsOfTheirWorker from './2026_12_03_0006_visits_of_their_worker';
import * as recipientPortal from './2026_12_04_0007_recipient_portal';
import * as institutionConsole from './2026_12_06_1000_institution_console';
import * as terminalPending from './2026_12_06_1200_terminal_pending';
import * as workerCards from './2026_12_06_1100_worker_cards';

/** Append-only: add a new timestamped file and list it here; never edit a shipped migration. */
export const MIGRATIONS: Record<string, Migration> = {
  '2026_11_27_0001_initial': initial,
  '2026_11_27_0002_offline_sync': offlineSync,
  '2026_12_01_0003_one_posting_path': onePostingPath,
  '2026_12_02_0005_terminal_modes': terminalModes,
  '2026_12_03_0006_visits_of_their_worker': visitsOfTheirWorker,
  '2026_12_04_0007_recipient_portal': recipientPortal,
  '2026_12_06_1000_institution_console': institutionConsole,
  '2026_12_06_1100_worker_cards': workerCards,
  '2026_12_06_1200_terminal_pending': terminalPending,
};
