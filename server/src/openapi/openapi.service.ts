import type * as v from 'valibot';
import { toJsonSchema } from '@valibot/to-json-schema';
import { ERRORS } from '../../../src/domain/errors';
import {
  API,
  CancelReceiptSchema,
  CancelRequestSchema,
  CardCheckRequestSchema,
  CardCheckSchema,
  CardLookupRequestSchema,
  ChangePasswordRequestSchema,
  ChangePasswordResponseSchema,
  CatalogSchema,
  ErrorBodySchema,
  HealthSchema,
  LoginRequestSchema,
  LookupWorkerRequestSchema,
  LookupWorkerSchema,
  ReclaimTerminalRequestSchema,
  LogoutResponseSchema,
  PaymentRequestSchema,
  ReceiptSchema,
  RetroSummarySchema,
  RegisterTerminalRequestSchema,
  ServiceDiscardRequestSchema,
  ServiceDiscardResponseSchema,
  ServiceStartRequestSchema,
  ServiceStartResponseSchema,
  SessionInfoSchema,
  TerminalSchema,
  TodayPaymentsSchema,
  VoucherScreenSchema,
} from '../../../src/domain/wire';
import {
  DEVICE_SNAPSHOT_PATH,
  DeviceSnapshotSchema,
  SYNC_BATCH_PATH,
  SYNC_COMMANDS_PATH,
  SyncBatchRequestSchema,
  SyncBatchResponseSchema,
  SyncCommandsResponseSchema,
} from '../../../src/domain/offline';

interface Operation {
  readonly method: 'get' | 'post';
  readonly path: string;
  readonly summary: string;
  readonly session: boolean;
  readonly request?: v.GenericSchema;
  readonly response: v.GenericSchema;
  /** The refusals this operation can answer besides 1001/1003/9999. */
  readonly errors: readonly (keyof typeof ERRORS)[];
}

/** Every route the host serves, with the wire schemas it parses and answers. */
export const OPERATIONS: readonly Operation[] = [
  { method: 'get', path: API.health, summary: '상태 확인', session: false, response: HealthSchema, errors: [] },
  { method: 'get', path: API.catalog, summary: '사업·수가 카탈로그', session: false, response: CatalogSchema, errors: [] },
  {
    method: 'post',
    path: API.registerTerminal,
    summary: '등록 확인 (단말기 등록)',
    session: false,
    request: RegisterTerminalRequestSchema,
    response: TerminalSchema,
    errors: ['0304', '1007'],
  },
  {
    method: 'post',
    path: API.reclaimTerminal,
    summary: '재설치 확인 (this registration takes the worker’s earlier terminal and 단말번호 over)',
    session: true,
    request: ReclaimTerminalRequestSchema,
    response: SessionInfoSchema,
    errors: ['1023', '0304', '1007'],
  },
  {
    method: 'post',
    path: API.login,
    summary: '로그인 (sets the evs session cookie)',
    session: false,
    request: LoginRequestSchema,
    response: SessionInfoSchema,
    errors: ['1002', '1004', '1005', '0273', '0304', '1007'],
  },
  { method: 'post', path: API.logout, summary: '로그아웃', session: false, response: LogoutResponseSchema, errors: ['1007'] },
  { method: 'get', path: API.me, summary: '세션 정보', session: true, response: SessionInfoSchema, errors: ['0304'] },
  {
    method: 'post',
    path: API.autoLoginOff,
    summary: '자동로그인 해제 (the session goes on; its cookie is reissued to end with the browser)',
    session: true,
    response: SessionInfoSchema,
    errors: ['0304', '1007'],
  },
  {
    method: 'post',
    path: API.changePassword,
    summary: '패스워드 변경 (ends the worker’s other sessions)',
    session: true,
    request: ChangePasswordRequestSchema,
    response: ChangePasswordResponseSchema,
    errors: ['1020', '1021', '1022', '1004', '0304', '1007'],
  },
  {
    method: 'post',
    path: API.cardCheck,
    summary: '카드인식 테스트 (valid? whose? — bills nothing, stores nothing)',
    session: false,
    request: CardCheckRequestSchema,
    response: CardCheckSchema,
    errors: ['2001', '2002', '1005', '0304', '1004', '1007'],
  },
  {
    method: 'post',
    path: API.cardLookup,
    summary: '카드 태깅 → 바우처 화면',
    session: true,
    request: CardLookupRequestSchema,
    response: VoucherScreenSchema,
    errors: ['2206', '2001', '2002', '2207', '2102', '1004', '1006', '1007'],
  },
  {
    method: 'post',
    path: API.lookupWorker,
    summary: '제공인력 결제 ID 입력 (shared terminals: binds the voucher screen to the worker)',
    session: true,
    request: LookupWorkerRequestSchema,
    response: LookupWorkerSchema,
    errors: ['0273', '0304', '2106', '1004', '1007'],
  },
  {
    method: 'post',
    path: API.serviceStart,
    summary: '서비스 시작',
    session: true,
    request: ServiceStartRequestSchema,
    response: ServiceStartResponseSchema,
    errors: ['2106', '2109', '2206', '0101', '1006', '1007'],
  },
  {
    method: 'post',
    path: API.serviceDiscard,
    summary: "시작 취소 (the worker's own mistaken 서비스 시작, audited)",
    session: true,
    request: ServiceDiscardRequestSchema,
    response: ServiceDiscardResponseSchema,
    errors: ['0273', '2106', '2108', '2115', '1007'],
  },
  {
    method: 'post',
    path: API.payments,
    summary: '서비스 결제: 정상결제 or 소급결제 (idempotent by paymentId)',
    session: true,
    request: PaymentRequestSchema,
    response: ReceiptSchema,
    errors: [
      '0101',
      '2101',
      '2103',
      '2104',
      '2105',
      '2106',
      '2107',
      '2108',
      '2110',
      '2111',
      '2112',
      '2113',
      '2115',
      '3104',
      '3105',
      '3106',
      '3107',
      '3108',
      '1006',
      '1007',
    ],
  },
  {
    method: 'post',
    path: API.cancelPayment,
    summary: '거래 취소 (idempotent by cancelId)',
    session: true,
    request: CancelRequestSchema,
    response: CancelReceiptSchema,
    errors: ['0273', '2107', '2130', '2131', '2132', '1007'],
  },
  { method: 'get', path: API.todayPayments, summary: '당일 결제 목록', session: true, response: TodayPaymentsSchema, errors: [] },
  { method: 'get', path: API.retroSummary, summary: '소급결제 비율 (이번 달, 기관)', session: true, response: RetroSummarySchema, errors: [] },
  {
    method: 'post',
    path: SYNC_COMMANDS_PATH,
    summary: '오프라인 명령 동기화: 결제·취소 (per-item results; idempotent by command id; not gated by app version)',
    session: true,
    request: SyncBatchRequestSchema,
    response: SyncCommandsResponseSchema,
    errors: ['1004', '1007'],
  },
  {
    method: 'post',
    path: SYNC_BATCH_PATH,
    summary: '오프라인 결제 동기화 (per-item results; idempotent by paymentId; not gated by app version)',
    session: true,
    request: SyncBatchRequestSchema,
    response: SyncBatchResponseSchema,
    errors: ['1004', '1007'],
  },
  {
    method: 'get',
    path: DEVICE_SNAPSHOT_PATH,
    summary: '오프라인용 단말 스냅샷 (vouchers, card hashes, limits)',
    session: true,
    response: DeviceSnapshotSchema,
    errors: [],
  },
];

function jsonSchema(schema: v.GenericSchema): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = toJsonSchema(schema, { target: 'draft-2020-12', errorMode: 'ignore' }) as Record<string, unknown>;
  return rest;
}

function errorResponses(codes: readonly (keyof typeof ERRORS)[]): Record<string, unknown> {
  const byStatus = new Map<number, string[]>();
  for (const code of [...codes, '1001', '9999'] as const) {
    const status = ERRORS[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), `${code} ${ERRORS[code].messageKo}`]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, lines]) => [
      String(status),
      { description: lines.join('\n'), content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } } },
    ]),
  );
}

/** OpenAPI 3.1 built from the same valibot schemas the host parses with, so the two cannot drift. */
export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      summary: op.summary,
      ...(op.session ? { security: [{ session: [] }] } : {}),
      ...(op.request ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.request) } } } } : {}),
      responses: {
        '200': { description: 'OK', content: { 'application/json': { schema: jsonSchema(op.response) } } },
        ...errorResponses(op.session ? [...op.errors, '1003'] : op.errors),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'evoucher voucher host', version, description: '사회서비스 전자바우처 결제 호스트 API. Every refusal is { code, message }.' },
    paths,
    components: {
      schemas: { ErrorBody: jsonSchema(ErrorBodySchema) },
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'evs' } },
    },
  };
}
