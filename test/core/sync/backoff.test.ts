import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, backoffCeiling, fullJitterDelay, parseHttpDate, parseRetryAfter, retryDelay } from '../../../core/sync/backoff';
import { seededRandom } from './fakes';

const policy = { baseMs: 100, capMs: 10_000, retryAfterCapMs: 60_000 };
const NOW = Date.UTC(2026, 5, 1, 9, 0, 0);

describe('full-jitter backoff', () => {
  it('doubles the ceiling per attempt up to the cap', () => {
    expect([0, 1, 2, 3, 6, 7, 8].map((a) => backoffCeiling(a, policy))).toEqual([100, 200, 400, 800, 6400, 10_000, 10_000]);
  });

  it('stays at the cap for absurd attempt counts instead of overflowing', () => {
    expect(backoffCeiling(1_000, policy)).toBe(10_000);
    expect(backoffCeiling(Number.MAX_SAFE_INTEGER, policy)).toBe(10_000);
    expect(fullJitterDelay(5_000, policy, () => 0.5)).toBe(5_000);
  });

  it('draws a wait in [0, ceiling) for every attempt', () => {
    const random = seededRandom(7);
    for (let attempt = 0; attempt < 20; attempt++) {
      const ceiling = backoffCeiling(attempt, policy);
      const waits = Array.from({ length: 200 }, () => fullJitterDelay(attempt, policy, random));
      expect(Math.min(...waits)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...waits)).toBeLessThan(ceiling);
      // Full jitter uses the whole range, not only its top (that would be "equal jitter").
      if (ceiling >= 400) expect(Math.min(...waits)).toBeLessThan(ceiling / 4);
    }
    expect(fullJitterDelay(3, policy, () => 0)).toBe(0);
    expect(fullJitterDelay(3, policy, () => 0.999999)).toBe(799);
  });

  it('clamps a random source that strays outside [0, 1)', () => {
    expect(fullJitterDelay(0, policy, () => -3)).toBe(0);
    expect(fullJitterDelay(0, policy, () => 7)).toBe(100);
  });

  it('waits max(Retry-After, jitter): never earlier than the server asked, never shorter than our own backoff', () => {
    expect(retryDelay(0, 5_000, policy, () => 0.5)).toBe(5_000);
    expect(retryDelay(8, 2_000, policy, () => 0.9)).toBe(9_000);
    expect(retryDelay(2, null, policy, () => 0.5)).toBe(200);
  });

  it('cuts a Retry-After beyond retryAfterCapMs to it', () => {
    expect(retryDelay(0, 86_400_000, policy, () => 0)).toBe(60_000);
  });

  it('has documented defaults with the cap above the base', () => {
    expect(DEFAULT_RETRY_POLICY.baseMs).toBeLessThan(DEFAULT_RETRY_POLICY.capMs);
    expect(DEFAULT_RETRY_POLICY.capMs).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.retryAfterCapMs);
  });
});

describe('Retry-After', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(' 5 ', NOW)).toBe(5_000);
    expect(parseRetryAfter('0', NOW)).toBe(0);
  });

  it('reads the three HTTP-date forms', () => {
    const at = Date.UTC(2026, 5, 1, 9, 0, 30);
    expect(parseRetryAfter('Mon, 01 Jun 2026 09:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('Monday, 01-Jun-26 09:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('Mon Jun  1 09:00:30 2026', NOW)).toBe(30_000);
    expect(parseHttpDate('Mon, 01 Jun 2026 09:00:30 GMT', NOW)).toBe(at);
    // What Date#toUTCString writes, which is what a JavaScript server sends.
    expect(parseRetryAfter(new Date(NOW + 45_000).toUTCString(), NOW)).toBe(45_000);
  });

  it('takes an RFC 850 year more than 50 years ahead as the last century', () => {
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT', NOW)).toBe(Date.UTC(1994, 10, 6, 8, 49, 37));
    expect(parseHttpDate('Friday, 01-Jan-60 00:00:00 GMT', NOW)).toBe(Date.UTC(2060, 0, 1));
  });

  it('answers 0 for a date already past', () => {
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', NOW)).toBe(0);
  });

  it('ignores values it cannot read rather than guessing', () => {
    for (const bad of [undefined, null, '', '  ', '-5', '1.5', '5s', 'soon', 'Mon, 31 Feb 2026 09:00:00 GMT', 'Mon, 01 Jun 2026 25:00:00 GMT', '2026-06-01T09:00:30Z']) {
      expect(parseRetryAfter(bad, NOW), String(bad)).toBeNull();
    }
  });

  it('does not overflow on an enormous seconds value', () => {
    expect(parseRetryAfter('99999999999999999999', NOW)).toBe(Number.MAX_SAFE_INTEGER);
  });
});
