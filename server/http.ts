import type { IncomingMessage, ServerResponse } from 'node:http';
import { issue, operationOutcome } from '../core/fhir/operation-outcome';
import type { OperationOutcomeIssue } from '../core/fhir/types';

/**
 * The HTTP plumbing: reading a bounded body, answering JSON with the right status and media
 * type, and CORS for the workstation's own origins (the Electron `app://` origin, and the
 * loopback origin of browser mode), so the renderer can call the server directly.
 */

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** A revision bundle is a few hundred kilobytes at most (notes are not sent back); 16 MB leaves room and stops a runaway client. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw new BodyTooLargeError();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, contentType = FHIR_JSON): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store', ...headers });
  res.end(text);
}

export function sendOutcome(res: ServerResponse, status: number, issues: OperationOutcomeIssue[], headers: Record<string, string> = {}): void {
  sendJson(res, status, operationOutcome(issues), headers);
}

export function sendError(res: ServerResponse, status: number, code: string, diagnostics: string, headers: Record<string, string> = {}): void {
  sendOutcome(res, status, [issue(code, diagnostics)], headers);
}

/** Origins allowed to call from a browser: the app's own (`app://…`) and loopback pages (browser mode, dev server). */
const ALLOWED_ORIGIN = /^(app:\/\/[^/]+|https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?)$/;

export function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  if (!origin || !ALLOWED_ORIGIN.test(origin)) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    Vary: 'Origin',
    'Access-Control-Allow-Headers': 'Authorization, Content-Type, Idempotency-Key',
    'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
    'Access-Control-Expose-Headers': 'Idempotency-Replayed, Retry-After, ETag, Location',
    'Access-Control-Max-Age': '600',
  };
}
