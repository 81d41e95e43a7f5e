import { randomInt, randomUUID } from 'node:crypto';
import type { ReclaimTerminalRequest, RegisterTerminalRequest, ReinstallCandidate, Terminal } from '../../../src/domain/wire';
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
    profile: row.profile,
  };
}

/** 단말번호: 10 random digits, the first never 0 so it never loses a digit in a spreadsheet. */
function makeTerminalNumber(): string {
  let digits = String(randomInt(1, 10));
  for (let i = 0; i < 9; i++) digits += String(randomInt(0, 10));
  return digits;
}

/**
 * 등록 확인: one request, answered at once. The same device id always answers the same terminal
 * (and 단말번호), so the app calls this on every start; that call is also the terminal's "last seen".
 * A revoked terminal is refused (0304).
 */
export async function registerTerminal(
  db: Db,
  request: RegisterTerminalRequest,
  hostNow: number,
  appVersion: string | null = null,
): Promise<Terminal> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = await terminalRepository.findByDeviceId(db, request.deviceId);
    if (existing) {
      if (existing.status === 'revoked') throw new HostError('0304', `terminal ${existing.id}`);
      await terminalRepository.touch(db, existing.id, request.model, hostNow, appVersion);
      return terminalRowToTerminal({ ...existing, model: request.model, last_seen_at: hostNow });
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
        last_seen_at: hostNow,
        app_version: appVersion,
      });
    } catch (error) {
      // A terminal number already taken: draw another one.
      if (!isUniqueViolation(error, 'terminal_number')) throw error;
    }
  }
  throw new Error('could not register the terminal after 5 attempts');
}

/**
 * The terminal a new registration may be a re-install of, asked at the login that binds it: the one
 * this worker used last on a device of the same model in the same institution (personal, active).
 * A web app cannot read a hardware id, and a re-install loses the device id it kept, so the worker
 * is asked (the app shows it) rather than the host guessing.
 */
export async function reinstallCandidate(
  db: Db,
  workerId: string,
  institutionId: string,
  terminal: TerminalRow,
): Promise<ReinstallCandidate | undefined> {
  if (terminal.profile !== 'personal') return undefined;
  const previous = await terminalRepository.findLastUsedBy(db, workerId, institutionId, terminal.model, terminal.id);
  if (!previous) return undefined;
  return {
    terminalNumber: previous.terminal_number,
    model: previous.model,
    lastSeenAt: Number(previous.last_seen_at ?? previous.registered_at),
  };
}

/**
 * 재설치 확인: the worker says this new registration is the device they used before. The old
 * terminal takes this device id over — its 단말번호, its history and the institution's count stay
 * one terminal — and the new registration, which has nothing but this session, is removed. The old
 * installation's sessions end (it is gone: its storage went with the re-install). Refused (1023)
 * unless the old terminal is still the candidate and the new one has done nothing yet.
 */
export async function reclaimTerminal(
  db: Db,
  session: { workerId: string; institutionId: string; terminalId: string; tokenHash: string },
  request: ReclaimTerminalRequest,
  hostNow: number,
): Promise<TerminalRow> {
  return db.transaction().execute(async (trx) => {
    const current = await terminalRepository.findById(trx, session.terminalId);
    const old = await terminalRepository.findByNumber(trx, request.terminalNumber);
    if (!current || !old || old.id === current.id) throw new HostError('1023', `terminal ${request.terminalNumber}`);
    const candidate = await terminalRepository.findLastUsedBy(trx, session.workerId, session.institutionId, current.model, current.id);
    if (candidate?.id !== old.id) throw new HostError('1023', `terminal ${old.id} is not the candidate of ${current.id}`);
    if (await terminalRepository.hasWork(trx, current.id)) throw new HostError('1023', `terminal ${current.id} already has work`);

    await trx.updateTable('sessions').set({ revoked_at: hostNow }).where('terminal_id', '=', old.id).where('revoked_at', 'is', null).execute();
    await trx.updateTable('sessions').set({ terminal_id: old.id }).where('terminal_id', '=', current.id).execute();
    await trx.deleteFrom('terminals').where('id', '=', current.id).execute();
    await trx
      .updateTable('terminals')
      .set({ device_id: current.device_id, model: current.model, last_seen_at: hostNow })
      .where('id', '=', old.id)
      .execute();
    const taken = await terminalRepository.findById(trx, old.id);
    if (!taken) throw new Error(`terminal ${old.id} vanished`);
    return taken;
  });
}
