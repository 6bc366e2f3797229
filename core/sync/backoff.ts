/**
 * How long the outbox waits before trying the billing server again: full-jitter exponential
 * backoff with a cap, and the server's own `Retry-After` when it sends one.
 *
 * Full jitter (`random() * min(cap, base * 2^attempt)`, from AWS's "Exponential Backoff and
 * Jitter") spreads the retries of many workstations that lost the server at the same moment
 * (a clinic's uplink drops, the server restarts) instead of bringing them back together in
 * waves, and on average it does the fewest calls of the usual schemes.
 */

/** The knobs of the retry schedule, all in milliseconds. */
export interface RetryPolicy {
  /** The ceiling of the first retry's random wait. */
  baseMs: number;
  /** The largest ceiling the doubling reaches. */
  capMs: number;
  /** The longest `Retry-After` honoured; a longer one (or a far-future date) is cut to this. */
  retryAfterCapMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  // A lost response or a restarting server is usually back within a second or two.
  baseMs: 1_000,
  // Five minutes: after hours offline a coder should not wait longer than this for the first
  // try once the link is back; "connection back" and "Sync now" cut any wait short anyway.
  capMs: 5 * 60_000,
  // An hour: a server clock that is days off (or a bad header) must not park the outbox for
  // days; within an hour a coder's "Sync now" or the next start tries again regardless.
  retryAfterCapMs: 60 * 60_000,
};

/**
 * The ceiling of the random wait before retry number `attempt` (0 for the first retry):
 * `min(cap, base * 2^attempt)`, computed without overflowing for large attempt counts.
 */
export function backoffCeiling(attempt: number, policy: Pick<RetryPolicy, 'baseMs' | 'capMs'>): number {
  const n = Math.max(0, Math.floor(attempt));
  // 2^n passes any sane cap long before n = 52; stop doubling there.
  if (n >= 52) return policy.capMs;
  return Math.min(policy.capMs, policy.baseMs * 2 ** n);
}

/** Full jitter: a uniformly random wait in [0, ceiling). `random` returns [0, 1) like Math.random. */
export function fullJitterDelay(attempt: number, policy: Pick<RetryPolicy, 'baseMs' | 'capMs'>, random: () => number): number {
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * backoffCeiling(attempt, policy));
}

/**
 * The wait before the next try: `max(retryAfter, jitter)`.
 *
 * Why the larger of the two and not their sum or the server's value alone: `Retry-After` is
 * the server's floor ("not before"), so we never come back earlier than it asked; our own
 * jittered backoff is our estimate of how long the trouble lasts, so after many failures we
 * may stay away longer than a short `Retry-After` suggests. Adding them would double the wait
 * whenever the server gives an accurate time (a 503 during a restart that says 2 s), delaying
 * claims for nothing. The cost: clients told the same `Retry-After` may return together when
 * their jitter is smaller; a server that wants them spread can send different values, and a
 * coder's workstation is one client among few for its billing server.
 */
export function retryDelay(attempt: number, retryAfterMs: number | null, policy: RetryPolicy, random: () => number): number {
  const jitter = fullJitterDelay(attempt, policy, random);
  if (retryAfterMs === null) return jitter;
  return Math.max(Math.min(retryAfterMs, policy.retryAfterCapMs), jitter);
}

/**
 * A `Retry-After` header value as milliseconds from `now` (RFC 9110 §10.2.3): either
 * delay-seconds (`120`) or an HTTP-date in any of its three forms. A date in the past is 0.
 * Null for a missing or unreadable value, which the caller then ignores (a bad header must
 * not stop retries).
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (text === '') return null;
  if (/^\d+$/.test(text)) {
    const seconds = Number(text);
    return Number.isSafeInteger(seconds * 1000) ? seconds * 1000 : Number.MAX_SAFE_INTEGER;
  }
  const at = parseHttpDate(text, now);
  return at === null ? null : Math.max(0, at - now);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const SHORT_DAY = '(?:mon|tue|wed|thu|fri|sat|sun)';
const LONG_DAY = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)';
const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)';
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';
/** Sun, 06 Nov 1994 08:49:37 GMT — the preferred form. */
const IMF_FIXDATE = new RegExp(`^${SHORT_DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`, 'i');
/** Sunday, 06-Nov-94 08:49:37 GMT — obsolete, two-digit year. */
const RFC850_DATE = new RegExp(`^${LONG_DAY}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`, 'i');
/** Sun Nov  6 08:49:37 1994 — obsolete, C's asctime(). */
const ASCTIME_DATE = new RegExp(`^${SHORT_DAY} ${MONTH} ( \\d|\\d{2}) ${TIME} (\\d{4})$`, 'i');

/**
 * An HTTP-date (RFC 9110 §5.6.7) as ms since the epoch, or null. All three forms are read, as
 * the RFC requires of recipients; `now` resolves RFC 850's two-digit year (a year more than 50
 * years ahead is taken as the last century's). Parsed by hand rather than with `Date.parse`,
 * which only promises its own format and varies between engines for the others.
 */
export function parseHttpDate(text: string, now: number): number | null {
  let m = IMF_FIXDATE.exec(text);
  if (m) return utc(Number(m[3]), m[2], Number(m[1]), m[4], m[5], m[6]);
  m = RFC850_DATE.exec(text);
  if (m) {
    const yy = Number(m[3]);
    const thisYear = new Date(now).getUTCFullYear();
    let year = Math.floor(thisYear / 100) * 100 + yy;
    if (year > thisYear + 50) year -= 100;
    return utc(year, m[2], Number(m[1]), m[4], m[5], m[6]);
  }
  m = ASCTIME_DATE.exec(text);
  if (m) return utc(Number(m[6]), m[1], Number(m[2].trim()), m[3], m[4], m[5]);
  return null;
}

function utc(year: number, monthName: string, day: number, hh: string, mm: string, ss: string): number | null {
  const month = MONTHS.indexOf(monthName.toLowerCase());
  const [h, mi, s] = [Number(hh), Number(mm), Number(ss)];
  // 60 seconds is a leap second, which HTTP-dates allow.
  if (h > 23 || mi > 59 || s > 60) return null;
  const at = Date.UTC(year, month, day, h, mi, Math.min(s, 59));
  const d = new Date(at);
  // Reject 31 Feb and friends instead of rolling over into the next month.
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month || d.getUTCDate() !== day) return null;
  return at + (s === 60 ? 1000 : 0);
}
