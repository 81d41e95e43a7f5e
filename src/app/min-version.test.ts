import { beforeEach, describe, expect, it } from 'vitest';
import type { HostContact } from '../api/host';
import { healthVerdict, markUpdateRequired, updateNoLongerRequired, updateRequiredForThisVersion, updateVerdict } from './min-version';

const contact = (overrides: Partial<HostContact>): HostContact => ({
  reachable: true,
  status: 200,
  code: null,
  hostNow: null,
  receivedAt: 0,
  path: '/api/payments',
  ...overrides,
});

beforeEach(() => localStorage.clear());

describe('the 1006 block follows the host’s current answer', () => {
  it('is set by a 426 or a 1006 on any path, lifted by an accepted gated request, left alone otherwise', () => {
    expect(updateVerdict(contact({ status: 426, code: '1006', path: '/api/cards/lookup' }))).toBe(true);
    expect(updateVerdict(contact({ status: 409, code: '1006', path: '/api/x' }))).toBe(true);
    expect(updateVerdict(contact({ status: 200, path: '/api/cards/lookup' }))).toBe(false);
    expect(updateVerdict(contact({ status: 200, path: '/api/payments' }))).toBe(false);
    // Not gated (the sync of queued payments, the session): says nothing about the block.
    expect(updateVerdict(contact({ status: 200, path: '/api/sync/commands' }))).toBeNull();
    expect(updateVerdict(contact({ status: 200, path: '/api/auth/me' }))).toBeNull();
    expect(updateVerdict(contact({ status: 409, code: '2101', path: '/api/payments' }))).toBeNull();
  });

  it('is known at start from /api/health, before any card is read', () => {
    expect(healthVerdict('0.2.0', '0.1.0')).toBe(true);
    expect(healthVerdict('0.1.0', '0.1.0')).toBe(false);
    expect(healthVerdict(null, '0.1.0')).toBe(false);
    expect(healthVerdict('0.9.0', '0.10.0')).toBe(false);
  });

  it('is remembered across a restart for this version and cleared when the host no longer asks for it', () => {
    markUpdateRequired('0.1.0');
    expect(updateRequiredForThisVersion('0.1.0')).toBe(true);
    expect(updateRequiredForThisVersion('0.1.1')).toBe(false);
    updateNoLongerRequired();
    expect(updateRequiredForThisVersion('0.1.0')).toBe(false);
  });
});
