/**
 * The institution console's HTTP client: one function per console endpoint (src/domain/admin.ts is
 * the contract), through the one host-fetch core (host.ts). The administrator's session is the
 * HttpOnly cookie `eva`, sent by the browser to /api/admin only; nothing here ever sees it.
 */
import {
  ADMIN_API,
  type AddContractRequest,
  type AddRecipientRequest,
  type AddWorkerRequest,
  type AdminLoginRequest,
  AdminOkSchema,
  AdminRecipientSchema,
  AdminRecipientsSchema,
  AdminSessionSchema,
  AdminTerminalSchema,
  AdminTerminalsSchema,
  AdminWorkerSchema,
  AdminWorkersSchema,
  AuditSchema,
  type ExceptionKind,
  type GrantVoucherRequest,
  ExceptionsSchema,
  IssuedCardSchema,
  ReconciliationSchema,
  type TerminalProfileRequest,
  type TerminalStatusRequest,
  TrailSchema,
  trailPath,
  VerifiedCardSchema,
  type WorkerPasswordRequest,
  type WorkerProgramsRequest,
  type WorkerStatusRequest,
} from '../domain/admin';
import { hostCall } from './host';

export { ApiError } from './host';

const post = <T>(body: T) => ({ method: 'POST' as const, body });

export const adminLogin = (body: AdminLoginRequest) => hostCall(ADMIN_API.login, AdminSessionSchema, post(body));
export const adminLogout = () => hostCall(ADMIN_API.logout, AdminOkSchema, post({}));
export const adminMe = () => hostCall(ADMIN_API.me, AdminSessionSchema);

export const listWorkers = () => hostCall(ADMIN_API.workers, AdminWorkersSchema);
export const addWorker = (body: AddWorkerRequest) => hostCall(ADMIN_API.workers, AdminWorkerSchema, post(body));
export const setWorkerStatus = (body: WorkerStatusRequest) => hostCall(ADMIN_API.workerStatus, AdminWorkerSchema, post(body));
export const resetWorkerPassword = (body: WorkerPasswordRequest) => hostCall(ADMIN_API.workerPassword, AdminWorkerSchema, post(body));
export const setWorkerPrograms = (body: WorkerProgramsRequest) => hostCall(ADMIN_API.workerPrograms, AdminWorkerSchema, post(body));

export const listTerminals = () => hostCall(ADMIN_API.terminals, AdminTerminalsSchema);
export const setTerminalProfile = (body: TerminalProfileRequest) => hostCall(ADMIN_API.terminalProfile, AdminTerminalSchema, post(body));
export const setTerminalStatus = (body: TerminalStatusRequest) => hostCall(ADMIN_API.terminalStatus, AdminTerminalSchema, post(body));

export const listRecipients = () => hostCall(ADMIN_API.recipients, AdminRecipientsSchema);
export const addRecipient = (body: AddRecipientRequest) => hostCall(ADMIN_API.recipients, AdminRecipientSchema, post(body));
export const addContract = (body: AddContractRequest) => hostCall(ADMIN_API.contracts, AdminRecipientSchema, post(body));
export const grantVoucher = (body: GrantVoucherRequest) => hostCall(ADMIN_API.vouchers, AdminRecipientSchema, post(body));
export const issueCard = (recipientId: string) => hostCall(ADMIN_API.cards, IssuedCardSchema, post({ recipientId }));
export const revokeCard = (cardId: string) => hostCall(ADMIN_API.cardRevoke, AdminRecipientSchema, post({ cardId }));
export const replaceCard = (cardId: string) => hostCall(ADMIN_API.cardReplace, IssuedCardSchema, post({ cardId }));
export const verifyCard = (token: string) => hostCall(ADMIN_API.cardVerify, VerifiedCardSchema, post({ token }));

export interface ExceptionQuery {
  readonly from: string;
  readonly to: string;
  readonly workerId?: string | undefined;
  readonly programId?: string | undefined;
  readonly kind?: ExceptionKind | undefined;
}

const query = (params: Record<string, string | undefined>): string =>
  new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')).toString();

export const listExceptions = (q: ExceptionQuery) => hostCall(`${ADMIN_API.exceptions}?${query({ ...q })}`, ExceptionsSchema);
export const loadTrail = (subjectId: string) => hostCall(trailPath(subjectId), TrailSchema);
export const loadAudit = (from: string, to: string) => hostCall(`${ADMIN_API.audit}?${query({ from, to })}`, AuditSchema);
export const loadReconciliation = (date: string) => hostCall(`${ADMIN_API.reconciliation}?${query({ date })}`, ReconciliationSchema);
