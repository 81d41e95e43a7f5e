/**
 * The provider app's HTTP client: one typed function per host endpoint (wire.ts is the contract),
 * all through the one host-fetch core (host.ts). Screens never call fetch. Every failure is an
 * ApiError with a stable code and the Korean message to show: the host's {code, message}; 0104
 * when the host cannot be reached; 9999 when an answer does not match the contract.
 */
import * as v from 'valibot';
import {
  API,
  CancelReceiptSchema,
  CardCheckSchema,
  ChangePasswordResponseSchema,
  HealthSchema,
  LookupWorkerSchema,
  ReceiptSchema,
  RetroSummarySchema,
  ServiceDiscardResponseSchema,
  ServiceStartResponseSchema,
  SessionInfoSchema,
  TerminalSchema,
  TodayPaymentsSchema,
  VoucherScreenSchema,
  type CancelRequest,
  type CardCheckRequest,
  type ChangePasswordRequest,
  type CardLookupRequest,
  type LoginRequest,
  type LookupWorkerRequest,
  type PaymentRequest,
  type ReclaimTerminalRequest,
  type RegisterTerminalRequest,
  type ServiceDiscardRequest,
  type ServiceStartRequest,
} from '../domain/wire';
import { hostCall } from './host';

export { ApiError, networkError, onHostContact, type HostContact } from './host';

const OkSchema = v.unknown();

export const registerTerminal = (body: RegisterTerminalRequest) => hostCall(API.registerTerminal, TerminalSchema, { method: 'POST', body });

/** 재설치 확인: this registration takes the worker's earlier terminal (and its 단말번호) over. */
export const reclaimTerminal = (body: ReclaimTerminalRequest) => hostCall(API.reclaimTerminal, SessionInfoSchema, { method: 'POST', body });

export const login = (body: LoginRequest) => hostCall(API.login, SessionInfoSchema, { method: 'POST', body });

export const logout = () => hostCall(API.logout, OkSchema, { method: 'POST', body: {} }).then(() => undefined);

export const me = () => hostCall(API.me, SessionInfoSchema);

export const cardLookup = (body: CardLookupRequest) => hostCall(API.cardLookup, VoucherScreenSchema, { method: 'POST', body });

/** 제공인력 결제 ID on a shared terminal: binds the voucher screen to the worker who entered it. */
export const bindWorker = (body: LookupWorkerRequest) => hostCall(API.lookupWorker, LookupWorkerSchema, { method: 'POST', body });

export const startService = (body: ServiceStartRequest) => hostCall(API.serviceStart, ServiceStartResponseSchema, { method: 'POST', body });

export const discardService = (body: ServiceDiscardRequest) => hostCall(API.serviceDiscard, ServiceDiscardResponseSchema, { method: 'POST', body });

export const pay = (body: PaymentRequest) => hostCall(API.payments, ReceiptSchema, { method: 'POST', body });

export const cancelPayment = (body: CancelRequest) => hostCall(API.cancelPayment, CancelReceiptSchema, { method: 'POST', body });

/** 오늘 결제내역; from a voucher screen (당일거래 취소), only its worker's payments on its voucher. */
export const todayPayments = (lookupId?: string) =>
  hostCall(lookupId === undefined ? API.todayPayments : `${API.todayPayments}?lookupId=${encodeURIComponent(lookupId)}`, TodayPaymentsSchema);

export const retroSummary = () => hostCall(API.retroSummary, RetroSummarySchema);

export const health = () => hostCall(API.health, HealthSchema);

/** 자동로그인 해제: the session goes on; its cookie now ends with the browser. */
export const autoLoginOff = () => hostCall(API.autoLoginOff, SessionInfoSchema, { method: 'POST', body: {} });

export const changePassword = (body: ChangePasswordRequest) => hostCall(API.changePassword, ChangePasswordResponseSchema, { method: 'POST', body });

/** 카드인식 테스트: whether the card is valid and whose it is; bills nothing. */
export const checkCard = (body: CardCheckRequest) => hostCall(API.cardCheck, CardCheckSchema, { method: 'POST', body });
