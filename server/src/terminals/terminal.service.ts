import { randomInt, randomUUID } from 'node:crypto';
import type { RegisterTerminalRequest, Terminal } from '../../../src/domain/wire';
import type { Db } from '../db/database';
import { isUniqueViolation } from '../db/errors';
import { HostError } from '../http/host-error';
import { terminalRepository, type TerminalRow } from './terminal.repository';

export function terminalRowToTerminal(row: TerminalRow): Terminal {
  return {
    terminalNumber: row.terminal_number,
    model: row.model,
    status: row.status,
    registeredAt: Number(row.registered_at),
  };
}

/** 단말번호: 10 random digits, the first never 0 so it never loses a digit in a spreadsheet. */
function makeTerminalNumber(): string {
  let digits = String(randomInt(1, 10));
  for (let i = 0; i < 9; i++) digits += String(randomInt(0, 10));
  return digits;
}

/**
 * 등록 확인: the same device id always answers the same terminal, so the app can call this on
 * every start; a revoked terminal is refused (0304).
 */
export async function registerTerminal(db: Db, request: RegisterTerminalRequest, hostNow: number): Promise<Terminal> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = await terminalRepository.findByDeviceId(db, request.deviceId);
    if (existing) {
      if (existing.status === 'revoked') throw new HostError('0304', `terminal ${existing.id}`);
      return terminalRowToTerminal(existing);
    }
    try {
      await terminalRepository.insertIfNewDevice(db, {
        id: randomUUID(),
        device_id: request.deviceId,
        terminal_number: makeTerminalNumber(),
        model: request.model,
        institution_id: null,
        status: 'active',
        registered_at: hostNow,
      });
    } catch (error) {
      // A terminal number already taken: draw another one.
      if (!isUniqueViolation(error, 'terminal_number')) throw error;
    }
  }
  throw new Error('could not register the terminal after 5 attempts');
}
