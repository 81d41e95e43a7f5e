import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, health, me, pay } from './client';
import { errorFromResponse, hostFetch, onHostContact, parseSuccess } from './host';
import { HealthSchema } from '../domain/wire';

const session = {
  worker: { id: 'wrk-kim', name: '김하늘', phoneMasked: '010****5678' },
  institution: { id: 'inst-seongnam', name: '성남주간보호센터-발달' },
  terminal: { terminalNumber: '1000000001', model: 'Android', status: 'active', registeredAt: 1_780_000_000_000 },
  programIds: ['activity-support', 'developmental-rehab'],
  hostNow: 1_790_000_000_000,
};

function answer(status: number, body: unknown): Response {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('errorFromResponse', () => {
  it("keeps the host's code and Korean message", () => {
    const error = errorFromResponse(409, { code: '2101', message: '바우처 잔액이 부족합니다.' });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('2101');
    expect(error.message).toBe('바우처 잔액이 부족합니다.');
    expect(error.status).toBe(409);
    expect(error.isDefiniteRefusal).toBe(true);
  });

  it('fills in the Korean message of a known code when the host sent none', () => {
    expect(errorFromResponse(404, { code: '2001', message: '' }).message).toBe('등록되지 않은 카드입니다. 카드를 다시 확인해 주세요.');
  });

  it('maps a body that is not an error body to a code for the status', () => {
    expect(errorFromResponse(401, undefined).code).toBe('1003');
    expect(errorFromResponse(429, '<html>').code).toBe('1004');
    expect(errorFromResponse(502, null).code).toBe('0104');
    expect(errorFromResponse(500, { oops: true }).code).toBe('9999');
  });

  it('treats 5xx and 429 as an unknown outcome, not a refusal', () => {
    expect(errorFromResponse(500, { code: '9999', message: 'x' }).isDefiniteRefusal).toBe(false);
    expect(errorFromResponse(429, { code: '1004', message: 'x' }).isDefiniteRefusal).toBe(false);
  });
});

describe('parseSuccess', () => {
  it('returns the parsed body when it keeps the contract', () => {
    expect(parseSuccess(HealthSchema, 200, { ok: true, hostNow: 1_790_000_000_000, version: '0.1.0' })).toEqual({
      ok: true,
      hostNow: 1_790_000_000_000,
      version: '0.1.0',
      minAppVersion: null,
    });
  });

  it('turns a body that breaks the contract into 9999', () => {
    expect(() => parseSuccess(HealthSchema, 200, { ok: 'yes' })).toThrowError(expect.objectContaining({ code: '9999' }));
  });
});

describe('hostFetch: the one way to the host', () => {
  it('gives up after its timeout and calls the host unreachable (0104), telling the contact listeners', async () => {
    const contacts: boolean[] = [];
    const stop = onHostContact((contact) => contacts.push(contact.reachable));
    const hanging = (_url: string, init: RequestInit) =>
      new Promise<Response>((_, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    await expect(hostFetch('/api/health', { transport: hanging, timeoutMs: 20 })).rejects.toMatchObject({ code: '0104', status: 0 });
    stop();
    expect(contacts).toEqual([false]);
  });

  it('goes through the transport it is given (the seam practice mode uses) and reports the host clock', async () => {
    const seen: string[] = [];
    const contacts: (number | null)[] = [];
    const stop = onHostContact((contact) => contacts.push(contact.hostNow));
    const transport = async (url: string) => {
      seen.push(url);
      return answer(200, { ok: true, hostNow: 1_790_000_000_000, version: '0.1.0' });
    };
    const result = await hostFetch('/api/health', { transport });
    stop();
    expect(result.status).toBe(200);
    expect(seen).toEqual(['/api/health']);
    expect(contacts).toEqual([1_790_000_000_000]);
  });
});

describe('request', () => {
  it('sends JSON with the app version header and same-origin credentials', async () => {
    const fetchMock = vi.fn(async () => answer(200, session));
    vi.stubGlobal('fetch', fetchMock);
    const result = await me();
    expect(result.institution.name).toBe('성남주간보호센터-발달');
    const [path, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(path).toBe('/api/auth/me');
    expect(init.credentials).toBe('same-origin');
    expect((init.headers as Record<string, string>)['x-app-version']).toBeTruthy();
  });

  it('posts the payment body as JSON', async () => {
    const fetchMock = vi.fn(async () => answer(409, { code: '2101', message: '바우처 잔액이 부족합니다.' }));
    vi.stubGlobal('fetch', fetchMock);
    const body = {
      paymentId: '7d9f3c2e-1b4a-4c5d-9e8f-0a1b2c3d4e5f',
      lookupId: 'lk-1',
      method: 'card' as const,
      mode: 'normal' as const,
      openServiceId: null,
      serviceEndAt: 1_790_000_000_000,
      minutesByType: {},
      amountKrw: 15_000,
      deviceAt: 1_790_000_000_000,
    };
    await expect(pay(body)).rejects.toMatchObject({ code: '2101', status: 409 });
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body as string)).toEqual(body);
    expect((init.headers as Record<string, string>)['content-type']).toBe('application/json');
  });

  it('turns a network failure into 0104 with its Korean message and no status', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    const error = await me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: '0104', status: 0, message: '서버에 접속할 수 없습니다. 통신 상태를 확인해 주세요.' });
    expect((error as ApiError).isDefiniteRefusal).toBe(false);
  });

  it('turns an unparseable success into 9999', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => answer(200, 'not json{')),
    );
    await expect(health()).rejects.toMatchObject({ code: '9999', status: 200 });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => answer(200, { ...session, hostNow: 'soon' })),
    );
    await expect(me()).rejects.toMatchObject({ code: '9999' });
  });
});
