/**
 * The renderer's Content-Security-Policy, set as a response header by the Electron app://
 * handler and by browser mode. Scripts and workers only from our own origin; no eval; network
 * access only to our own origin and loopback (the reference billing server in development).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self' http://127.0.0.1:* http://localhost:*",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');
