import { describe, expect, it } from 'vitest';
import { ERRORS, httpStatus, isErrorCode, messageKo, type ErrorCode } from './errors';
import { fail, ok } from './result';

const codes = Object.keys(ERRORS) as ErrorCode[];

describe('error codes', () => {
  it('gives every code four digits', () => {
    for (const code of codes) expect(code).toMatch(/^\d{4}$/);
  });

  it('gives every code a non-empty Korean message', () => {
    for (const code of codes) {
      expect(messageKo(code).trim().length, code).toBeGreaterThan(0);
      expect(messageKo(code), code).toMatch(/[가-힣]/);
      expect(messageKo(code)).toBe(ERRORS[code].messageKo);
    }
  });

  it('gives every code a 4xx or 5xx HTTP status', () => {
    for (const code of codes) {
      const status = httpStatus(code);
      expect(Number.isInteger(status), code).toBe(true);
      expect(status >= 400 && status <= 599, `${code} → ${status}`).toBe(true);
    }
  });

  it.each(['0101', '0104', '0273', '0304', '2003', '2005', '2206', '2207', '3104'])('keeps the seed code %s', (code) => {
    expect(isErrorCode(code)).toBe(true);
  });

  it('keeps the meaning of the seed codes', () => {
    expect(messageKo('0101')).toContain('5분');
    expect(messageKo('0104')).toContain('서버');
    expect(messageKo('2206')).toContain('사업유형');
    expect(messageKo('2207')).toContain('계약');
    expect(messageKo('3104')).toContain('종료시간');
  });

  it('answers the host-unreachable code with 503 and a server fault with 500', () => {
    expect(httpStatus('0104')).toBe(503);
    expect(httpStatus('9999')).toBe(500);
  });

  it('answers the payment refusals with their statuses', () => {
    expect(httpStatus('2101')).toBe(409);
    expect(httpStatus('2103')).toBe(400);
    expect(httpStatus('2104')).toBe(400);
    expect(httpStatus('2105')).toBe(400);
    expect(httpStatus('2106')).toBe(410);
    expect(httpStatus('2111')).toBe(400);
    expect(httpStatus('2112')).toBe(400);
    expect(httpStatus('2113')).toBe(400);
  });

  it('gives no two codes the same message', () => {
    const messages = codes.map(messageKo);
    expect(new Set(messages).size).toBe(messages.length);
  });
});

describe('isErrorCode', () => {
  it('knows every code of the table', () => {
    for (const code of codes) expect(isErrorCode(code)).toBe(true);
  });

  it.each(['', '0000', '101', '01010', '2100', '9998', ' 0101', '0101 ', '__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    'does not know the string %j',
    (value) => {
      expect(isErrorCode(value)).toBe(false);
    },
  );

  it.each([101, 2206, null, undefined, {}, ['0101'], true, Symbol('0101')])('does not know the non-string %s', (value) => {
    expect(isErrorCode(value)).toBe(false);
  });
});

describe('result', () => {
  it('wraps a value', () => {
    expect(ok(3)).toEqual({ ok: true, value: 3 });
  });

  it('carries a code without a detail key when none is given', () => {
    const r = fail('2104');
    expect(r).toEqual({ ok: false, code: '2104' });
    expect(Object.keys(r)).toEqual(['ok', 'code']);
  });

  it('carries a detail when given one', () => {
    expect(fail('2112', 'bogus')).toEqual({ ok: false, code: '2112', detail: 'bogus' });
    expect(fail('2112', '')).toEqual({ ok: false, code: '2112', detail: '' });
  });
});
