/**
 * The renderer's Content-Security-Policy, set as a response header by the Electron app://
 * handler and by browser mode. Scripts and workers only from our own origin; no eval; network
 * access only to our own origin, loopback (the reference billing server) and HTTPS (the
 * customer's billing server, whose address the coder sets in Settings: it is not known when
 * this header is written). Plain HTTP beyond this computer is refused, so a claim never leaves
 * unencrypted; with no eval and scripts only from our origin there is no foreign script to
 * send data anywhere.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self' http://127.0.0.1:* http://localhost:* https:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');
