import * as v from 'valibot';
import { toJsonSchema } from '@valibot/to-json-schema';
import { ERRORS } from '../../../src/domain/errors';
import { ADMIN_OPERATIONS } from '../admin-console/admin.openapi';
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
  RetroMonitoringSchema,
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
import {
  ApprovalOptionsRequestSchema,
  ApprovalResultSchema,
  ApproveRequestSchema,
  BiometricRequestSchema,
  BiometricResultSchema,
  CeremonyOptionsSchema,
  DeclineRequestSchema,
  InboxMessageSchema,
  InboxSchema,
  MyVouchersSchema,
  OfflineTokensSchema,
  PaymentRequestSentSchema,
  PendingRequestsSchema,
  PhoneRequestSchema,
  PORTAL_API,
  PushKeySchema,
  PushSubscribeRequestSchema,
  PushUnsubscribeRequestSchema,
  QrRedeemRequestSchema,
  QrTokenRequestSchema,
  QrTokenSchema,
  RecipientLoginRequestSchema,
  RecipientSessionSchema,
  RecipientSignupRequestSchema,
  REQUEST_API,
  WebauthnRegisterRequestSchema,
} from '../../../src/domain/portal';

interface Operation {
  readonly method: 'get' | 'post';
  readonly path: string;
  readonly summary: string;
  readonly session: boolean;
  /** The recipient portal's own session (cookie evr) instead of a worker's. */
  readonly recipient?: boolean;
  /** The institution console's own session (cookie eva) instead of a worker's. */
  readonly admin?: boolean;
  readonly request?: v.GenericSchema;
  readonly response: v.GenericSchema;
  /** The refusals this operation can answer besides 1001/1003/9999. */
  readonly errors: readonly (keyof typeof ERRORS)[];
}

const Ok = v.object({ ok: v.literal(true) });
const BiometricCount = v.object({ biometricCount: v.number() });

/** The recipient portal (cookie evr) and the worker's QR결제 / 생체인증결제 requests (issue 10). */
const PORTAL_OPERATIONS: readonly Operation[] = [
  {
    method: 'post',
    path: PORTAL_API.signup,
    summary: '이용자 회원가입 (phone + card number + password; sets evr)',
    session: false,
    request: RecipientSignupRequestSchema,
    response: RecipientSessionSchema,
    errors: ['1040', '1041', '1021', '1004', '1007'],
  },
  {
    method: 'post',
    path: PORTAL_API.login,
    summary: '이용자 로그인 (sets evr)',
    session: false,
    request: RecipientLoginRequestSchema,
    response: RecipientSessionSchema,
    errors: ['1002', '1004', '1007'],
  },
  { method: 'post', path: PORTAL_API.logout, summary: '이용자 로그아웃', session: false, response: Ok, errors: ['1007'] },
  { method: 'get', path: PORTAL_API.me, summary: '이용자 세션 정보', session: true, recipient: true, response: RecipientSessionSchema, errors: [] },
  {
    method: 'get',
    path: PORTAL_API.vouchers,
    summary: '내 바우처 (잔액, 이번 달 결제·취소)',
    session: true,
    recipient: true,
    response: MyVouchersSchema,
    errors: [],
  },
  { method: 'get', path: PORTAL_API.inbox, summary: '알림함', session: true, recipient: true, response: InboxSchema, errors: [] },
  {
    method: 'get',
    path: `${PORTAL_API.inbox}/{messageId}`,
    summary: '알림 상세 (marks it read)',
    session: true,
    recipient: true,
    response: InboxMessageSchema,
    errors: ['1045'],
  },
  {
    method: 'get',
    path: PORTAL_API.events,
    summary: '실시간 알림 (text/event-stream: inbox and request signals, ids only)',
    session: true,
    recipient: true,
    response: v.string(),
    errors: [],
  },
  { method: 'get', path: PORTAL_API.pushKey, summary: 'Web Push VAPID 공개키', session: false, response: PushKeySchema, errors: [] },
  {
    method: 'post',
    path: PORTAL_API.pushSubscribe,
    summary: 'Web Push 구독',
    session: true,
    recipient: true,
    request: PushSubscribeRequestSchema,
    response: Ok,
    errors: ['1007'],
  },
  {
    method: 'post',
    path: PORTAL_API.pushUnsubscribe,
    summary: 'Web Push 구독 해지',
    session: true,
    recipient: true,
    request: PushUnsubscribeRequestSchema,
    response: Ok,
    errors: ['1007'],
  },
  {
    method: 'post',
    path: PORTAL_API.webauthnRegisterOptions,
    summary: '생체인증 등록 옵션 (challenge)',
    session: true,
    recipient: true,
    response: CeremonyOptionsSchema,
    errors: ['1007'],
  },
  {
    method: 'post',
    path: PORTAL_API.webauthnRegister,
    summary: '생체인증 등록',
    session: true,
    recipient: true,
    request: WebauthnRegisterRequestSchema,
    response: BiometricCount,
    errors: ['1043', '1044', '1007'],
  },
  {
    method: 'post',
    path: PORTAL_API.webauthnRemove,
    summary: '생체인증 해제',
    session: true,
    recipient: true,
    response: BiometricCount,
    errors: ['1007'],
  },
  {
    method: 'get',
    path: PORTAL_API.requests,
    summary: '대기 중인 QR결제·생체인증결제 요청',
    session: true,
    recipient: true,
    response: PendingRequestsSchema,
    errors: [],
  },
  {
    method: 'post',
    path: PORTAL_API.qrToken,
    summary: 'QR결제 토큰 (host-signed, ≤ 3 min, single use)',
    session: true,
    recipient: true,
    request: QrTokenRequestSchema,
    response: QrTokenSchema,
    errors: ['2144', '2145', '2146', '1044', '1007'],
  },
  {
    method: 'post',
    path: PORTAL_API.offlineTokens,
    summary: '오프라인 QR 토큰 (per voucher, the offline window)',
    session: true,
    recipient: true,
    response: OfflineTokensSchema,
    errors: ['1007'],
  },
  {
    method: 'post',
    path: PORTAL_API.approvalOptions,
    summary: '생체인증결제 승인 옵션 (challenge bound to the request)',
    session: true,
    recipient: true,
    request: ApprovalOptionsRequestSchema,
    response: CeremonyOptionsSchema,
    errors: ['1042', '2144', '2145', '2146', '1044', '1007'],
  },
  {
    method: 'post',
    path: PORTAL_API.approve,
    summary: '생체인증결제 승인',
    session: true,
    recipient: true,
    request: ApproveRequestSchema,
    response: ApprovalResultSchema,
    errors: ['1043', '1044', '2144', '2145', '2146', '1007'],
  },
  {
    method: 'post',
    path: PORTAL_API.decline,
    summary: '결제 요청 거절',
    session: true,
    recipient: true,
    request: DeclineRequestSchema,
    response: ApprovalResultSchema,
    errors: ['1044', '2144', '2145', '2146', '1007'],
  },
  {
    method: 'post',
    path: REQUEST_API.qrRequest,
    summary: 'QR결제 요청 (스마트폰 번호 → 이용자 포털)',
    session: true,
    request: PhoneRequestSchema,
    response: PaymentRequestSentSchema,
    errors: ['2003', '2005', '2206', '2207', '1004', '1006', '1007'],
  },
  {
    method: 'post',
    path: REQUEST_API.qrRedeem,
    summary: 'QR 토큰 확인 → 바우처 화면 (once)',
    session: true,
    request: QrRedeemRequestSchema,
    response: VoucherScreenSchema,
    errors: ['2140', '2141', '2142', '2143', '2001', '2002', '2102', '2207', '1004', '1006', '1007'],
  },
  {
    method: 'post',
    path: REQUEST_API.biometricRequest,
    summary: '생체인증결제 요청 (bound to institution, worker, program, amount cap)',
    session: true,
    request: BiometricRequestSchema,
    response: PaymentRequestSentSchema,
    errors: ['2003', '2005', '1042', '2206', '2207', '1004', '1006', '1007'],
  },
  {
    method: 'get',
    path: `${REQUEST_API.biometricRequest}/{requestId}`,
    summary: '생체인증결제 결과 (pending, or the voucher screen once)',
    session: true,
    response: BiometricResultSchema,
    errors: ['2144', '2145', '2146', '1044'],
  },
];

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
    errors: ['2206', '2001', '2002', '2207', '2102', '1056', '1004', '1006', '1007'],
  },
  {
    method: 'post',
    path: API.lookupWorker,
    summary:
      '제공인력 결제 ID 입력 or 제공인력카드 (shared terminals: binds the voucher screen to the worker; exactly one of workerPaymentId, workerCard)',
    session: true,
    request: LookupWorkerRequestSchema,
    response: LookupWorkerSchema,
    errors: ['0273', '0304', '2106', '1056', '1004', '1007'],
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
      '2147',
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
    method: 'get',
    path: API.retroMonitoring,
    summary: '소급결제 비율 점검 (기관별, 월; Authorization: Bearer MONITORING_TOKEN)',
    session: false,
    response: RetroMonitoringSchema,
    errors: ['1001', '1003', '1060'],
  },
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
  ...PORTAL_OPERATIONS,
  ...ADMIN_OPERATIONS,
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
      ...(op.session ? { security: [op.recipient ? { recipientSession: [] } : op.admin ? { adminSession: [] } : { session: [] }] } : {}),
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
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'evs' },
        recipientSession: { type: 'apiKey', in: 'cookie', name: 'evr' },
        adminSession: { type: 'apiKey', in: 'cookie', name: 'eva' },
      },
    },
  };
}
