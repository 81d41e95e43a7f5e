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
}
