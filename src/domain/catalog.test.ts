import { describe, expect, it } from 'vitest';
import {
  PROGRAM_IDS,
  PROGRAMS,
  SERVICE_CODE_PATTERN,
  findProgram,
  isProgramId,
  primaryServiceCode,
  tariffProgramId,
  topUpsOf,
  type Program,
  type ProgramId,
} from './catalog';

const program = (id: ProgramId): Program => {
  const found = findProgram(id);
  if (!found) throw new Error(`missing program ${id}`);
  return found;
};

describe('catalog', () => {
  it('lists exactly the eight programs, in home-screen order, then the 시도추가지원 top-ups', () => {
    expect(PROGRAM_IDS).toEqual([
      'activity-support',
      'activity-support-multi',
      'visiting-nursing',
      'visiting-bath',
      'home-care',
      'developmental-rehab',
      'language-development',
      'parent-counseling',
      'activity-support-topup',
    ]);
    expect(PROGRAMS.map((p) => p.id)).toEqual(PROGRAM_IDS);
  });

  it('prices a top-up as the program it tops up, and offers it only where the institution bills it', () => {
    const topUp = findProgram('activity-support-topup')!;
    expect(topUp).toMatchObject({ topUpOf: 'activity-support', model: 'time' });
    expect(tariffProgramId(topUp)).toBe('activity-support');
    expect(tariffProgramId(findProgram('home-care')!)).toBe('home-care');
    expect(topUpsOf('activity-support', ['activity-support', 'activity-support-topup'])).toEqual(['activity-support-topup']);
    expect(topUpsOf('activity-support', ['activity-support'])).toEqual([]);
    expect(topUpsOf('home-care', ['home-care', 'activity-support-topup'])).toEqual([]);
  });

  it('gives every program at least one service type', () => {
    for (const p of PROGRAMS) expect(p.serviceTypes.length, p.id).toBeGreaterThanOrEqual(1);
  });

  it('gives every service type a six-digit service code', () => {
    for (const p of PROGRAMS) {
      for (const t of p.serviceTypes) expect(t.serviceCode, `${p.id}/${t.id}`).toMatch(/^\d{6}$/);
    }
  });

  it('never reuses a service code across the catalog', () => {
    const codes = PROGRAMS.flatMap((p) => p.serviceTypes.map((t) => t.serviceCode));
    expect(codes).toHaveLength(22);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('never reuses a service type id within a program', () => {
    for (const p of PROGRAMS) {
      const ids = p.serviceTypes.map((t) => t.id);
      expect(new Set(ids).size, p.id).toBe(ids.length);
    }
  });

  it('gives every program and service type a Korean name', () => {
    for (const p of PROGRAMS) {
      expect(p.nameKo).toMatch(/[가-힣]/);
      expect(p.groupKo).toMatch(/[가-힣]/);
      for (const t of p.serviceTypes) expect(t.nameKo).toMatch(/[가-힣]/);
    }
  });

  it('prices 활동보조 and 활동보조 2인이상 by the hour over the four activity types', () => {
    for (const id of ['activity-support', 'activity-support-multi'] as const) {
      const p = program(id);
      expect(p.model).toBe('time');
      expect(p.pricing).toBe('hourly');
      expect(p.serviceTypes.map((t) => t.nameKo)).toEqual(['사회활동지원', '신체활동지원', '가사활동지원', '기타서비스']);
      expect(p.serviceTypes.map((t) => t.id)).toEqual(['social', 'physical', 'housework', 'other']);
    }
    expect(program('activity-support').serviceTypes.map((t) => t.serviceCode)).toEqual(['010101', '010102', '010103', '010104']);
    expect(program('activity-support-multi').serviceTypes.map((t) => t.serviceCode)).toEqual(['010201', '010202', '010203', '010204']);
  });

  it('prices 방문간호 as a time program by duration band', () => {
    const p = program('visiting-nursing');
    expect(p.nameKo).toBe('방문간호');
    expect(p.model).toBe('time');
    expect(p.pricing).toBe('durationBand');
    expect(p.serviceTypes.length).toBeGreaterThanOrEqual(1);
  });

  it('prices 방문목욕 per visit over 차량내입욕 and 가정내입욕', () => {
    const p = program('visiting-bath');
    expect(p.nameKo).toBe('방문목욕');
    expect(p.model).toBe('visit');
    expect(p.pricing).toBe('perVisit');
    expect(p.serviceTypes.map((t) => [t.id, t.nameKo])).toEqual([
      ['in-vehicle', '차량내입욕'],
      ['in-home', '가정내입욕'],
    ]);
  });

  it('prices 가사간병방문지원 by the hour over 가사 and 간병', () => {
    const p = program('home-care');
    expect(p.model).toBe('time');
    expect(p.pricing).toBe('hourly');
    expect(p.serviceTypes.map((t) => t.nameKo)).toEqual(['가사', '간병']);
  });

  it('makes 발달재활, 언어발달 and 부모상담 entered-amount programs with one service code each', () => {
    const amountPrograms = PROGRAMS.filter((p) => p.model === 'amount').map((p) => p.id);
    expect(amountPrograms).toEqual(['developmental-rehab', 'language-development', 'parent-counseling']);
    for (const id of amountPrograms) {
      const p = program(id);
      expect(p.pricing).toBe('enteredAmount');
      expect(p.serviceTypes).toHaveLength(1);
    }
    expect(program('developmental-rehab').nameKo).toBe('발달재활');
    expect(program('language-development').nameKo).toBe('언어발달');
    expect(program('parent-counseling').nameKo).toBe('부모상담');
  });

  it('pairs the entered-amount pricing with the amount model and nothing else', () => {
    for (const p of PROGRAMS) expect(p.pricing === 'enteredAmount', p.id).toBe(p.model === 'amount');
    for (const p of PROGRAMS) expect(p.pricing === 'perVisit', p.id).toBe(p.model === 'visit');
  });

  it('finds every catalog program by its id', () => {
    for (const p of PROGRAMS) {
      expect(findProgram(p.id)).toBe(p);
      expect(isProgramId(p.id)).toBe(true);
    }
  });

  it.each(['', 'unknown', 'Activity-Support', ' activity-support', 'activity-support ', '__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    'knows no program with the id %j',
    (id) => {
      expect(findProgram(id)).toBeUndefined();
      expect(isProgramId(id)).toBe(false);
    },
  );

  it('shows the first service code as the primary one', () => {
    expect(primaryServiceCode(program('activity-support'))).toBe('010101');
    expect(primaryServiceCode(program('visiting-bath'))).toBe('010401');
    expect(primaryServiceCode(program('parent-counseling'))).toBe('008003');
  });

  it('matches six digits and nothing else with SERVICE_CODE_PATTERN', () => {
    expect(SERVICE_CODE_PATTERN.test('010101')).toBe(true);
    expect(SERVICE_CODE_PATTERN.test('000000')).toBe(true);
    for (const bad of ['', '01010', '0101011', '01010a', ' 010101', '010101\n', '０１０１０１']) {
      expect(SERVICE_CODE_PATTERN.test(bad), JSON.stringify(bad)).toBe(false);
    }
  });
});
