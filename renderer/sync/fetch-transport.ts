import type { Outcome, OutboxEntry } from '../../core/sync/outbox';
import type { SyncTransport } from '../../core/sync/ports';

/**
 * The sync transport over `fetch` (the browser's, or Node's in tests and the benchmark), as
 * `core/sync/ports.ts` defines it: an AbortController per request, so the timeout covers the
 * whole answer, body included; nothing thrown, every failure an outcome.
 */
export class FetchTransport implements SyncTransport {
  /** Requests made, by kind: the benchmark's "requests per encounter". */
  readonly counts = { health: 0, send: 0 };

  constructor(public baseUrl: string) {}

  /** The server's base with one trailing slash, so a base path (https://host/fhir) is kept. */
  private get base(): string {
    return this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`;
  }

  async health(timeoutMs: number): Promise<boolean> {
    this.counts.health++;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const res = await fetch(new URL('health', this.base), { signal: controller.signal });
      const text = await res.text();
      if (res.status !== 200) return false;
      const body = JSON.parse(text) as { status?: unknown };
      return body.status === 'ok';
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async send(entry: OutboxEntry, token: string, timeoutMs: number): Promise<Outcome> {
    this.counts.send++;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const res = await fetch(this.base, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/fhir+json',
          accept: 'application/fhir+json',
          'idempotency-key': entry.idempotencyKey,
        },
        body: entry.bundle,
        signal: controller.signal,
      });
      const body = await res.text();
      const headers: Record<string, string> = {};
      res.headers.forEach((value, name) => {
        headers[name.toLowerCase()] = value;
      });
      return { kind: 'response', status: res.status, headers, body };
    } catch (error) {
      if (controller.signal.aborted) return { kind: 'timeout' };
      return { kind: 'network-error', message: describe(error) };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Node's fetch (undici) hides the socket error in `cause`: "fetch failed (ECONNREFUSED)". */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  const code = cause && typeof cause === 'object' && 'code' in cause ? String((cause as { code: unknown }).code) : cause instanceof Error ? cause.message : '';
  return code ? `${error.message} (${code})` : error.message;
}

/** GET a FHIR resource or search as the coder; throws with the status and the server's reason. */
export async function fetchFhir(baseUrl: string, path: string, token: string, timeoutMs = 30_000): Promise<unknown> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetch(new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`), { headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json' }, signal: controller.signal });
    const text = await res.text();
    if (!res.ok) throw new FhirRequestError(res.status, `${path.split('?')[0]}: HTTP ${res.status} ${text.slice(0, 200)}`);
    return JSON.parse(text) as unknown;
  } finally {
    clearTimeout(timer);
  }
}

export class FhirRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'FhirRequestError';
  }
}
