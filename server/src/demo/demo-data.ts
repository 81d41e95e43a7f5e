import type { ProgramId } from '../../../src/domain/catalog';

/**
 * The demo that `npm start` seeds on first run. The README lists the same logins and cards, and
 * the browser journeys use them, so change all three together.
 */
export const DEMO_INSTITUTION = { id: 'inst-seongnam', name: '성남주간보호센터-발달' } as const;

export interface DemoWorker {
  readonly id: string;
  readonly name: string;
  /** 아이디 = smartphone number. */
  readonly phone: string;
  readonly password: string;
  /** 제공인력 결제 ID for shared terminals. */
  readonly paymentId: string;
}

export const DEMO_WORKERS: readonly DemoWorker[] = [
  { id: 'wrk-kim', name: '김하늘', phone: '01012345678', password: 'evoucher1!', paymentId: '1001' },
  { id: 'wrk-park', name: '박서준', phone: '01087654321', password: 'evoucher2!', paymentId: '1002' },
];

/**
 * The demo workers' 제공인력카드: on a shared terminal, 가사간병방문지원 is entered with it instead of
 * the 결제 ID — the NDEF token on the tag, or the 16-digit number typed where there is no NFC.
 */
export const DEMO_WORKER_CARDS: readonly { readonly workerId: string; readonly token: string; readonly cardNumber: string }[] = [
  { workerId: 'wrk-kim', token: 'EVW-3c1d5e71-kim', cardNumber: '9420000000000001' },
  { workerId: 'wrk-park', token: 'EVW-8f2a6b94-park', cardNumber: '9420000000000002' },
];

/** The demo institution's administrator: the console (기관 관리, /admin/). */
export const DEMO_ADMIN = { id: 'adm-seongnam', loginId: 'seongnam-admin', name: '성남센터 관리자', password: 'console1!' } as const;

/**
 * The demo's recipient portal login (이용자 포털, /portal/): 이영희's account. The other demo
 * recipients sign up themselves (phone number + card number + password).
 */
export const DEMO_PORTAL_ACCOUNT = { recipientId: 'rcp-01', name: '이영희', phone: '01020000001', password: 'portal1!' } as const;

export interface DemoRecipient {
  readonly id: string;
  readonly name: string;
  readonly phone: string;
  readonly programId: ProgramId;
  /** NDEF card token written on the recipient's tag. */
  readonly cardToken: string;
  /** 16-digit card number for devices without NFC. */
  readonly cardNumber: string;
  readonly cardStatus: 'active' | 'revoked';
  /** This month's voucher (granted = opening balance). */
  readonly monthlyGrantKrw: number;
  /** false: the card exists but the institution has no contract with this recipient (→ 2207). */
  readonly contracted: boolean;
}

/**
 * 시도추가지원: a province's top-up voucher beside a recipient's national one, with its own contract
 * (SPEC §5.3). With 시도추가지원 on in 환경설정, 활동보조 asks 추가지원 유형 first.
 */
export const DEMO_TOP_UPS: readonly { readonly recipientId: string; readonly programId: ProgramId; readonly monthlyGrantKrw: number }[] = [
  { recipientId: 'rcp-01', programId: 'activity-support-topup', monthlyGrantKrw: 300_000 },
];

export const DEMO_RECIPIENTS: readonly DemoRecipient[] = [
  {
    id: 'rcp-01',
    name: '이영희',
    phone: '01020000001',
    programId: 'activity-support',
    cardToken: 'EVC-7f3a9c10-act',
    cardNumber: '9410000000000001',
    cardStatus: 'active',
    monthlyGrantKrw: 1_932_800,
    contracted: true,
  },
  {
    id: 'rcp-02',
    name: '최민준',
    phone: '01020000002',
    programId: 'activity-support-multi',
    cardToken: 'EVC-2b81e4d2-mul',
    cardNumber: '9410000000000002',
    cardStatus: 'active',
    monthlyGrantKrw: 1_200_000,
    contracted: true,
  },
  {
    id: 'rcp-03',
    name: '정수아',
    phone: '01020000003',
    programId: 'visiting-nursing',
    cardToken: 'EVC-c90d1a33-nur',
    cardNumber: '9410000000000003',
    cardStatus: 'active',
    monthlyGrantKrw: 600_000,
    contracted: true,
  },
  {
    id: 'rcp-04',
    name: '한지우',
    phone: '01020000004',
    programId: 'visiting-bath',
    cardToken: 'EVC-4e5f6a74-bth',
    cardNumber: '9410000000000004',
    cardStatus: 'active',
    monthlyGrantKrw: 400_000,
    contracted: true,
  },
  {
    id: 'rcp-05',
    name: '오세훈',
    phone: '01020000005',
    programId: 'home-care',
    cardToken: 'EVC-8a9b0c15-hom',
    cardNumber: '9410000000000005',
    cardStatus: 'active',
    monthlyGrantKrw: 480_000,
    contracted: true,
  },
  {
    id: 'rcp-06',
    name: '김명연',
    phone: '01020000006',
    programId: 'developmental-rehab',
    cardToken: 'EVC-d1e2f356-dev',
    cardNumber: '9410000000000006',
    cardStatus: 'active',
    monthlyGrantKrw: 250_000,
    contracted: true,
  },
  {
    id: 'rcp-07',
    name: '윤서연',
    phone: '01020000007',
    programId: 'language-development',
    cardToken: 'EVC-a7b8c997-lan',
    cardNumber: '9410000000000007',
    cardStatus: 'active',
    monthlyGrantKrw: 220_000,
    contracted: true,
  },
  {
    id: 'rcp-08',
    name: '이도윤',
    phone: '01020000008',
    programId: 'parent-counseling',
    cardToken: 'EVC-5c6d7e88-par',
    cardNumber: '9410000000000008',
    cardStatus: 'active',
    monthlyGrantKrw: 160_000,
    contracted: true,
  },
  {
    id: 'rcp-09',
    name: '강하준',
    phone: '01020000009',
    programId: 'developmental-rehab',
    cardToken: 'EVC-f0e1d299-low',
    cardNumber: '9410000000000009',
    cardStatus: 'active',
    monthlyGrantKrw: 10_000,
    contracted: true,
  },
  {
    id: 'rcp-10',
    name: '서지호',
    phone: '01020000010',
    programId: 'activity-support',
    cardToken: 'EVC-0a1b2c3d-noc',
    cardNumber: '9410000000000010',
    cardStatus: 'active',
    monthlyGrantKrw: 800_000,
    contracted: false,
  },
  {
    id: 'rcp-11',
    name: '문채원',
    phone: '01020000011',
    programId: 'activity-support',
    cardToken: 'EVC-9e8d7c6b-rev',
    cardNumber: '9410000000000011',
    cardStatus: 'revoked',
    monthlyGrantKrw: 800_000,
    contracted: true,
  },
];
