import type Database from 'better-sqlite3';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Encounter } from '../core/coding/encounter';
import { issue } from '../core/fhir/operation-outcome';
import { TokenRegistry } from './auth';
import { capabilityStatement } from './capability';
import { loadCodeSets, type CodeSets } from './code-sets';
import { BodyTooLargeError, corsHeaders, MAX_BODY_BYTES, readBody, sendError, sendJson, sendOutcome } from './http';
import { READABLE_TYPES, readResource, searchClaims } from './read-resources';
import { ensurePractitioners, sampleWorklist, seedOnce } from './seed';
import { ResourceStore } from './store';
import { applyTransaction } from './transaction';
import { searchTasks } from './worklist-search';

/**
 * The reference billing server: a FHIR R4 subset over `node:http`, on a SQLite database in a
 * data directory. See server/README.md for the contract. `startBillingServer` is what
 * `npm run billing-server` runs, and what tests start in-process on a free port.
 */

export interface BillingServerOptions {
  /** Where the database lives (created if missing). */
  dataDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Token -> coder (Practitioner id). */
  tokens?: Iterable<[token: string, coder: string]>;
  /** Code sets already loaded (tests share one between restarts); otherwise read from `codesetsDir`. */
  codeSets?: CodeSets;
  codesetsDir?: string;
  /** A licensed CPT file (tab-delimited), so CPT codes are checked too. */
  cptFile?: string;
  /** The worklist an empty database starts with (default: the sample encounters for demo.coder); false for none. */
  seed?: false | (() => Encounter[]);
  /**
   * Fault injection for sync tests: called after a transaction commits and before its response
   * is written; `'drop-response'` closes the connection instead, as a network that loses the
   * answer would.
   */
  faults?: { afterCommit?(info: { coder: string; key: string }): 'drop-response' | void };
}

export interface BillingServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  port: number;
  db: Database.Database;
  store: ResourceStore;
  /** Refuse a token from now on (401), as when it expires. */
  expireToken(token: string): void;
  /** Accept a token (a coder who signs in again). */
  addToken(token: string, coder: string): void;
  close(): Promise<void>;
}

const RESOURCE_PATH = /^\/([A-Z][A-Za-z]+)\/([A-Za-z0-9.-]{1,64})(?:\/(_history)(?:\/([A-Za-z0-9.-]{1,64}))?)?$/;
const TYPE_PATH = /^\/([A-Z][A-Za-z]+)$/;
const SEARCHABLE = new Set(['Task', 'Claim']);
const READABLE = new Set<string>(READABLE_TYPES);

export async function startBillingServer(opts: BillingServerOptions): Promise<BillingServer> {
  const codeSets = opts.codeSets ?? (await loadCodeSets(opts.codesetsDir, opts.cptFile));
  const tokens = new TokenRegistry(opts.tokens ?? []);
  const store = new ResourceStore(opts.dataDir);
  try {
    if (opts.seed !== false) seedOnce(store, opts.seed ?? (() => sampleWorklist()));
    ensurePractitioners(store, tokens.coders());
  } catch (error) {
    store.close();
    throw error;
  }
  let baseUrl = '';

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const cors = corsHeaders(req);
    for (const [k, v] of Object.entries(cors)) res.setHeader(k, v);
    const url = new URL(req.url ?? '/', baseUrl);
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') {
      res.writeHead(204, { Allow: 'GET, POST, OPTIONS' });
      res.end();
      return;
    }
    const notAllowed = (allow: string) => sendError(res, 405, 'not-supported', `${method} is not supported on ${path}`, { Allow: allow });

    if (path === '/health') return method === 'GET' || method === 'HEAD' ? sendJson(res, 200, { status: 'ok' }, {}, 'application/json') : notAllowed('GET');
    if (path === '/metadata') return method === 'GET' ? sendJson(res, 200, capabilityStatement(baseUrl, codeSets.releases)) : notAllowed('GET');

    // Everything else: a known route, then a signed-in coder.
    let route: { kind: 'transaction' } | { kind: 'search'; type: string } | { kind: 'read'; type: string; id: string; history: boolean; version?: string };
    const resourcePath = path.match(RESOURCE_PATH);
    const typePath = path.match(TYPE_PATH);
    if (path === '/') {
      if (method !== 'POST') return notAllowed('POST');
      route = { kind: 'transaction' };
    } else if (typePath && READABLE.has(typePath[1])) {
      if (!SEARCHABLE.has(typePath[1])) return sendError(res, 405, 'not-supported', `${typePath[1]} is not searchable on this server (Task and Claim are; see /metadata)`, { Allow: '' });
      if (method !== 'GET') return notAllowed('GET');
      route = { kind: 'search', type: typePath[1] };
    } else if (resourcePath && READABLE.has(resourcePath[1])) {
      if (method !== 'GET') return notAllowed('GET');
      route = { kind: 'read', type: resourcePath[1], id: resourcePath[2], history: resourcePath[3] === '_history', version: resourcePath[4] };
    } else {
      return sendError(res, 404, 'not-found', `no route ${path}`);
    }

    const auth = tokens.check(req.headers.authorization);
    if (!auth.ok) {
      const why = { missing: 'no Authorization: Bearer token was sent', unknown: 'the token is not known to this server', expired: 'the token has expired: sign in again' }[auth.reason];
      return sendOutcome(res, 401, [issue('login', why)], { 'WWW-Authenticate': `Bearer realm="billing"${auth.reason === 'missing' ? '' : ', error="invalid_token"'}` });
    }
    const coder = auth.coder;

    if (route.kind === 'read') {
      const result = readResource(store, coder, route.type, route.id, route.history, route.version, baseUrl);
      return sendJson(res, result.status, result.body, result.headers);
    }
    if (route.kind === 'search') {
      const selfUrl = `${baseUrl}${url.pathname}${url.search}`;
      const result = route.type === 'Task' ? searchTasks(store, coder, url.searchParams, selfUrl, baseUrl) : searchClaims(store, coder, url.searchParams, selfUrl, baseUrl);
      return sendJson(res, result.status, result.body);
    }

    const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (contentType !== 'application/fhir+json' && contentType !== 'application/json') {
      return sendError(res, 415, 'not-supported', `a transaction is sent as application/fhir+json, not ${contentType || 'no Content-Type'}`);
    }
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || !key.trim()) return sendError(res, 400, 'required', 'the Idempotency-Key header is required: a retry with the same key gets the original answer');
    if (key.length > 200) return sendError(res, 400, 'value', 'Idempotency-Key is at most 200 characters');
    let text: string;
    try {
      text = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        // Connection: close, so the rest of an oversized body is never read.
        return sendError(res, 413, 'too-long', `a transaction is at most ${MAX_BODY_BYTES} bytes`, { Connection: 'close' });
      }
      throw error;
    }
    const result = applyTransaction({ store, reference: codeSets.reference, coder, baseUrl }, key.trim(), text);
    if (result.committed && opts.faults?.afterCommit?.({ coder, key: key.trim() }) === 'drop-response') {
      req.socket.destroy();
      return;
    }
    return sendJson(res, result.status, result.body, result.replayed ? { 'Idempotency-Replayed': 'true' } : {});
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('billing-server:', error);
      if (!res.headersSent) sendError(res, 500, 'exception', 'the server failed to answer; nothing of a failed transaction was stored');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  }).catch((error: unknown) => {
    store.close();
    throw error;
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host ?? '127.0.0.1';
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url: baseUrl,
    port,
    db: store.db,
    store,
    expireToken: (token) => tokens.expire(token),
    addToken: (token, coder) => {
      tokens.add(token, coder);
      ensurePractitioners(store, [coder]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          store.close();
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
