/**
 * Who is coding, for the audit trail and acknowledgements. In demo mode (no billing server
 * set) it is the demo coder; signing in to a billing server will replace it.
 */
export const DEMO_CODER = 'demo.coder';

let coder = DEMO_CODER;

export function currentCoder(): string {
  return coder;
}

/** Signing in to a billing server makes its coder id the one recorded in the audit trail. */
export function setCurrentCoder(id: string | null): void {
  coder = id ?? DEMO_CODER;
}
