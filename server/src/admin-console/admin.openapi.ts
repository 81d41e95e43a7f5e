import * as v from 'valibot';
import {
  ADMIN_API,
  AddContractRequestSchema,
  AddRecipientRequestSchema,
  AddWorkerRequestSchema,
  AdminLoginRequestSchema,
  AdminOkSchema,
  AdminRecipientSchema,
  AdminRecipientsSchema,
  AdminSessionSchema,
  AdminTerminalSchema,
  AdminTerminalsSchema,
  AdminWorkerSchema,
  AdminWorkersSchema,
  AuditSchema,
  CardIdRequestSchema,
  ExceptionsSchema,
  GrantVoucherRequestSchema,
  IssueCardRequestSchema,
  IssuedCardSchema,
  ReconciliationSchema,
  TerminalProfileRequestSchema,
  TerminalStatusRequestSchema,
  TrailSchema,
  VerifiedCardSchema,
  VerifyCardRequestSchema,
  WorkerPasswordRequestSchema,
  WorkerProgramsRequestSchema,
  WorkerStatusRequestSchema,
} from '../../../src/domain/admin';
import type { ErrorCode } from '../../../src/domain/errors';

/** The console's routes for the OpenAPI document (cookie eva); the shape of openapi.service.ts's Operation. */
interface AdminOperation {
  readonly method: 'get' | 'post';
  readonly path: string;
  readonly summary: string;
  readonly session: boolean;
  readonly admin: true;
  readonly request?: v.GenericSchema;
  readonly response: v.GenericSchema;
  readonly errors: readonly ErrorCode[];
}

const get = (path: string, summary: string, response: v.GenericSchema, errors: readonly ErrorCode[] = []): AdminOperation => ({
  method: 'get',
  path,
  summary,
  session: true,
  admin: true,
  response,
  errors,
});
const post = (path: string, summary: string, request: v.GenericSchema, response: v.GenericSchema, errors: readonly ErrorCode[]): AdminOperation => ({
  method: 'post',
  path,
  summary,
  session: true,
  admin: true,
  request,
  response,
  errors: [...errors, '1007'],
});

const Csv = v.string();

export const ADMIN_OPERATIONS: readonly AdminOperation[] = [
  {
    ...post(ADMIN_API.login, '기관 관리자 로그인 (sets eva, path /api/admin)', AdminLoginRequestSchema, AdminSessionSchema, ['1002', '1004']),
    session: false,
  },
  { method: 'post', path: ADMIN_API.logout, summary: '기관 관리자 로그아웃', session: false, admin: true, response: AdminOkSchema, errors: ['1007'] },
  get(ADMIN_API.me, '기관 관리자 세션 정보', AdminSessionSchema),
  get(ADMIN_API.workers, '제공인력 목록', AdminWorkersSchema),
  post(ADMIN_API.workers, '제공인력 등록 (phone = 아이디, initial password by the rules, 결제 ID)', AddWorkerRequestSchema, AdminWorkerSchema, [
    '1021',
    '1050',
    '1051',
  ]),
  post(ADMIN_API.workerStatus, '제공인력 사용 중지 / 재사용 (sessions end; login 1053)', WorkerStatusRequestSchema, AdminWorkerSchema, ['1052']),
  post(ADMIN_API.workerPassword, '제공인력 비밀번호 초기화 (sessions end)', WorkerPasswordRequestSchema, AdminWorkerSchema, ['1021', '1052']),
  post(ADMIN_API.workerPrograms, '제공인력 결제 가능 사업 (empty = all)', WorkerProgramsRequestSchema, AdminWorkerSchema, ['1052']),
  get(ADMIN_API.terminals, '단말기 목록 (단말번호, model, version, last contact, offline counts)', AdminTerminalsSchema),
  post(ADMIN_API.terminalProfile, '공용 단말기 / 개인 단말기', TerminalProfileRequestSchema, AdminTerminalSchema, ['0273', '1052']),
  post(ADMIN_API.terminalStatus, '단말기 사용 중지 (0304) / 재사용', TerminalStatusRequestSchema, AdminTerminalSchema, ['1052']),
  get(ADMIN_API.recipients, '이용자 목록 (계약, 이번 달 바우처, 카드)', AdminRecipientsSchema),
  post(ADMIN_API.recipients, '이용자 등록 (계약 and this month’s vouchers through the ledger)', AddRecipientRequestSchema, AdminRecipientSchema, []),
  post(ADMIN_API.contracts, '계약 추가', AddContractRequestSchema, AdminRecipientSchema, ['1052', '1054']),
  post(ADMIN_API.vouchers, '이번 달 바우처 지급 (through the ledger)', GrantVoucherRequestSchema, AdminRecipientSchema, ['1052', '1057']),
  post(ADMIN_API.cards, '카드 발급 (token for the NDEF tag, number to print — answered once)', IssueCardRequestSchema, IssuedCardSchema, ['1052']),
  post(ADMIN_API.cardRevoke, '카드 정지 (2002 online at once; gone from the next snapshot)', CardIdRequestSchema, AdminRecipientSchema, ['1052']),
  post(ADMIN_API.cardReplace, '분실 카드 재발급', CardIdRequestSchema, IssuedCardSchema, ['1052']),
  post(ADMIN_API.cardVerify, '태그 확인 (whose card a tag read back carries)', VerifyCardRequestSchema, VerifiedCardSchema, ['2001']),
  get(`${ADMIN_API.exceptions}`, '예외 (검토 필요, 거절, 소급결제 and the ratio, 거래취소) ?from&to&workerId&programId&kind', ExceptionsSchema, [
    '1055',
  ]),
  get(`${ADMIN_API.trail}/{subjectId}`, '감사 추적 of a payment or command id', TrailSchema, ['1052']),
  get(ADMIN_API.audit, '관리자 감사 기록 ?from&to', AuditSchema, ['1055']),
  get(ADMIN_API.reconciliation, '일일 대사 ?date', ReconciliationSchema, ['1055']),
  get(`${ADMIN_API.exports}/{file}`, 'CSV (UTF-8, BOM): payments.csv | cancellations.csv | exceptions.csv ?from&to', Csv, ['1055']),
];
