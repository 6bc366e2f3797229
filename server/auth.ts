/**
 * Bearer tokens, one per coder: a token names the coder's Practitioner id. Tokens live in
 * memory, given at start (`--token TOKEN=CODER`); a reference server for development and
 * tests has no sign-in flow of its own, and `expire`/`add` let tests play a token that lapses
 * mid-drain and a coder who signs in again.
 */
export type AuthResult = { ok: true; coder: string } | { ok: false; reason: 'missing' | 'unknown' | 'expired' };

export class TokenRegistry {
  private readonly tokens = new Map<string, { coder: string; expired: boolean }>();

  constructor(entries: Iterable<[token: string, coder: string]> = []) {
    for (const [token, coder] of entries) this.add(token, coder);
  }

  add(token: string, coder: string): void {
    if (!token || !coder) throw new Error('a token and its coder must both be non-empty');
    if (!/^[A-Za-z0-9.-]{1,64}$/.test(coder)) throw new Error(`coder id ${coder} is not a FHIR id (letters, digits, "-" and ".", 64 at most)`);
    this.tokens.set(token, { coder, expired: false });
  }

  /** From now on the token is refused as expired (401). */
  expire(token: string): void {
    const t = this.tokens.get(token);
    if (t) t.expired = true;
  }

  coders(): string[] {
    return [...new Set([...this.tokens.values()].map((t) => t.coder))];
  }

  /** Check an `Authorization` header value. */
  check(header: string | undefined): AuthResult {
    const m = header?.match(/^Bearer\s+(\S+)\s*$/i);
    if (!m) return { ok: false, reason: 'missing' };
    const t = this.tokens.get(m[1]);
    if (!t) return { ok: false, reason: 'unknown' };
    if (t.expired) return { ok: false, reason: 'expired' };
    return { ok: true, coder: t.coder };
  }
}

/** `demo-token=demo.coder,other=coder.two` (BILLING_TOKENS, or one `--token` value each). */
export function parseTokenList(text: string): [string, string][] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=');
      if (at <= 0 || at === pair.length - 1) throw new Error(`a token is TOKEN=CODER, not ${pair}`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    });
}
