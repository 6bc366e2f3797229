/**
 * Who is coding, for the audit trail and acknowledgements. In demo mode (no billing server
 * set) it is the demo coder; signing in to a billing server will replace it.
 */
export const DEMO_CODER = 'demo.coder';

export function currentCoder(): string {
  return DEMO_CODER;
}
