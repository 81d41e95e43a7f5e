/**
 * 사업 카탈로그: the programs a provider can bill, their service types (서비스종류) and 6-digit
 * service codes (서비스코드), and how each is paid (SPEC §4).
 * - time:   minutes per service type on one screen; the tariff gives the price (hourly or by band).
 * - visit:  방문목욕 — minutes are entered like time, but exactly one type is chosen (택1) and priced per visit.
 * - amount: 발달재활·언어발달·부모상담 — the worker enters the amount of the session.
 */
export type PaymentModel = 'time' | 'visit' | 'amount';

/** How the tariff turns a split into won. */
export type PricingRule = 'hourly' | 'perVisit' | 'durationBand' | 'enteredAmount';

export type ProgramId =
  | 'activity-support'
  | 'activity-support-multi'
  | 'visiting-nursing'
  | 'visiting-bath'
  | 'home-care'
  | 'developmental-rehab'
  | 'language-development'
  | 'parent-counseling'
  | 'activity-support-topup';

export interface ServiceType {
  /** Stable English id, used as the key of a split. */
  readonly id: string;
  readonly nameKo: string;
  /** 서비스코드: six digits. */
  readonly serviceCode: string;
}

export interface Program {
  readonly id: ProgramId;
  /** 사업명 as the home screen lists it. */
  readonly nameKo: string;
  /** The national program it belongs to (장애인활동지원, 가사간병방문지원, 지역사회서비스 …). */
  readonly groupKo: string;
  readonly model: PaymentModel;
  readonly pricing: PricingRule;
  readonly serviceTypes: readonly ServiceType[];
  /**
   * 시도추가지원 (SPEC §5.3): a province's top-up of a national program — its own voucher and
   * contract, paid like the program it tops up and priced by that program's tariff.
   */
  readonly topUpOf?: ProgramId;
}

const ACTIVITY_TYPES = (prefix: string): ServiceType[] => [
  { id: 'social', nameKo: '사회활동지원', serviceCode: `${prefix}1` },
  { id: 'physical', nameKo: '신체활동지원', serviceCode: `${prefix}2` },
  { id: 'housework', nameKo: '가사활동지원', serviceCode: `${prefix}3` },
  { id: 'other', nameKo: '기타서비스', serviceCode: `${prefix}4` },
];

export const PROGRAMS: readonly Program[] = [
  {
    id: 'activity-support',
    nameKo: '활동보조',
    groupKo: '장애인활동지원',
    model: 'time',
    pricing: 'hourly',
    serviceTypes: ACTIVITY_TYPES('01010'),
  },
  {
    id: 'activity-support-multi',
    nameKo: '활동보조 2인이상',
    groupKo: '장애인활동지원',
    model: 'time',
    pricing: 'hourly',
    serviceTypes: ACTIVITY_TYPES('01020'),
  },
  {
    id: 'visiting-nursing',
    nameKo: '방문간호',
    groupKo: '장애인활동지원',
    model: 'time',
    pricing: 'durationBand',
    serviceTypes: [
      { id: 'basic-care', nameKo: '기본간호', serviceCode: '010301' },
      { id: 'treatment', nameKo: '치료적간호', serviceCode: '010302' },
      { id: 'counseling', nameKo: '상담 및 교육', serviceCode: '010303' },
    ],
  },
  {
    id: 'visiting-bath',
    nameKo: '방문목욕',
    groupKo: '장애인활동지원',
    model: 'visit',
    pricing: 'perVisit',
    serviceTypes: [
      { id: 'in-vehicle', nameKo: '차량내입욕', serviceCode: '010401' },
      { id: 'in-home', nameKo: '가정내입욕', serviceCode: '010402' },
    ],
  },
  {
    id: 'home-care',
    nameKo: '가사간병방문지원',
    groupKo: '가사간병방문지원',
    model: 'time',
    pricing: 'hourly',
    serviceTypes: [
      { id: 'housework', nameKo: '가사', serviceCode: '020101' },
      { id: 'nursing', nameKo: '간병', serviceCode: '020102' },
    ],
  },
  {
    id: 'developmental-rehab',
    nameKo: '발달재활',
    groupKo: '발달재활서비스',
    model: 'amount',
    pricing: 'enteredAmount',
    serviceTypes: [{ id: 'session', nameKo: '발달재활', serviceCode: '070101' }],
  },
  {
    id: 'language-development',
    nameKo: '언어발달',
    groupKo: '언어발달지원',
    model: 'amount',
    pricing: 'enteredAmount',
    serviceTypes: [{ id: 'session', nameKo: '언어발달', serviceCode: '080101' }],
  },
  {
    id: 'parent-counseling',
    nameKo: '부모상담',
    groupKo: '발달장애인부모상담',
    model: 'amount',
    pricing: 'enteredAmount',
    serviceTypes: [{ id: 'session', nameKo: '부모상담', serviceCode: '008003' }],
  },
  {
    id: 'activity-support-topup',
    nameKo: '시도추가지원 (활동보조)',
    groupKo: '장애인활동지원 시도추가지원',
    model: 'time',
    pricing: 'hourly',
    serviceTypes: ACTIVITY_TYPES('01090'),
    topUpOf: 'activity-support',
  },
];

export const PROGRAM_IDS = PROGRAMS.map((p) => p.id) as readonly ProgramId[];

/** The program whose tariff prices this one: a top-up is priced as the program it tops up. */
export function tariffProgramId(program: Program): ProgramId {
  return program.topUpOf ?? program.id;
}

/**
 * 추가지원 유형 (SPEC §5.3): the top-ups of a program among those an institution bills; empty
 * for a program without one, or when 시도추가지원 is off on the device.
 */
export function topUpsOf(programId: ProgramId, billable: readonly string[]): ProgramId[] {
  return PROGRAMS.filter((p) => p.topUpOf === programId && billable.includes(p.id)).map((p) => p.id);
}

const byId = new Map<string, Program>(PROGRAMS.map((p) => [p.id, p]));

/** The program with this id, or undefined (→ 2206 at the edges). */
export function findProgram(id: string): Program | undefined {
  return byId.get(id);
}

export function isProgramId(id: string): id is ProgramId {
  return byId.has(id);
}

/** The code shown on the voucher screen: the program's first service code. */
export function primaryServiceCode(program: Program): string {
  return program.serviceTypes[0]!.serviceCode;
}

/** The code a receipt shows: the one type billed, or the program's first code when several share the visit. */
export function billedServiceCode(program: Program, minutesByType: Readonly<Record<string, number>>): string {
  const used = program.serviceTypes.filter((t) => (minutesByType[t.id] ?? 0) > 0);
  return used.length === 1 ? used[0]!.serviceCode : primaryServiceCode(program);
}

export const SERVICE_CODE_PATTERN = /^\d{6}$/;
