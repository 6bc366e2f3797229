import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy that sits between the sync runner and the real billing server and breaks
 * requests on purpose. Every request is buffered, shown to `decide`, and then handled as the
 * fault it returns says. The target can be changed while it runs (a restarted server comes
 * back on a new port behind the same proxy address).
 */
export type Fault =
  /** Forward and return the server's answer unchanged. */
  | { kind: 'pass' }
  /** Close the connection without forwarding: the server never sees it (like ECONNRESET). */
  | { kind: 'refuse' }
  /**
   * Answer `status` (with headers and body) instead of the server. With `forward`, the
   * server gets the request first (and may commit it): the 500 of a gateway after the fact.
   */
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string; forward?: boolean }
  /**
   * Forward, let the server commit, then close the connection: the answer is lost.
   * `afterCommit` runs before the connection closes (a test kills the server there). Not
   * named `then`: a fault is awaited, and an object with a `then` method is a thenable.
   */
  | { kind: 'drop-response'; afterCommit?: () => Promise<void> }
  /** Forward and hold the server's answer `ms` before passing it on (the client has given up by then). */
  | { kind: 'hold'; ms: number }
  /** Forward, then pass a complete HTTP answer whose body is only the first half of the server's. */
  | { kind: 'truncate' }
  /** Forward, then announce the full length but close the connection halfway through the body. */
  | { kind: 'cut-body' }
  /** Forward, then answer 200 with this body (an HTML error page from something in between). */
  | { kind: 'replace-body'; body: string; contentType: string };

export interface ProxiedRequest {
  /** 0-based over the proxy's life. */
  n: number;
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface ProxyLogLine {
  n: number;
  /** Date.now() when the request arrived. */
  at: number;
  method: string;
  path: string;
  idempotencyKey?: string;
  fault: Fault['kind'];
  /** The server's status, when the request reached it and it answered. */
  upstreamStatus?: number;
  /** What the client got: a status, or "closed". */
  delivered: number | 'closed';
}

export interface FaultProxyOptions {
  target: string;
  decide?: (request: ProxiedRequest) => Fault | Promise<Fault>;
}

interface UpstreamAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export class FaultProxy {
  target: string;
  decide: (request: ProxiedRequest) => Fault | Promise<Fault>;
  readonly log: ProxyLogLine[] = [];
  private server: http.Server | null = null;
  private count = 0;
  private readonly holds = new Set<NodeJS.Timeout>();
  url = '';

  constructor(options: FaultProxyOptions) {
    this.target = options.target;
    this.decide = options.decide ?? (() => ({ kind: 'pass' }));
  }

  async start(): Promise<string> {
    const server = http.createServer((req, res) => {
      void this.handle(req, res).catch(() => res.destroy());
    });
    // The runner's fetch keeps connections alive; a fault that closes one must not hang others.
    server.keepAliveTimeout = 1_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    for (const t of this.holds) clearTimeout(t);
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = null;
  }

  /** Lines for POSTs only (the sends), in order. */
  get sends(): ProxyLogLine[] {
    return this.log.filter((l) => l.method === 'POST');
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readAll(req);
    const request: ProxiedRequest = { n: this.count++, method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body };
    const fault = await this.decide(request);
    const line: ProxyLogLine = { n: request.n, at: Date.now(), method: request.method, path: request.path, fault: fault.kind, delivered: 'closed' };
    const key = req.headers['idempotency-key'];
    if (typeof key === 'string') line.idempotencyKey = key;
    this.log.push(line);

    if (fault.kind === 'refuse') {
      res.destroy();
      return;
    }
    if (fault.kind === 'status' && !fault.forward) {
      line.delivered = fault.status;
      res.writeHead(fault.status, fault.headers ?? {}).end(fault.body ?? '');
      return;
    }

    let upstream: UpstreamAnswer;
    try {
      upstream = await this.forward(request);
    } catch {
      // The server is down or died mid-request: the client sees its connection closed.
      res.destroy();
      return;
    }
    line.upstreamStatus = upstream.status;

    switch (fault.kind) {
      case 'pass':
        line.delivered = upstream.status;
        send(res, upstream.status, upstream.headers, upstream.body);
        return;
      case 'status':
        line.delivered = fault.status;
        res.writeHead(fault.status, fault.headers ?? {}).end(fault.body ?? '');
        return;
      case 'drop-response':
        await fault.afterCommit?.();
        res.destroy();
        return;
      case 'hold': {
        const timer = setTimeout(() => {
          this.holds.delete(timer);
          if (res.destroyed || req.socket.destroyed) return;
          line.delivered = upstream.status;
          send(res, upstream.status, upstream.headers, upstream.body);
        }, fault.ms);
        this.holds.add(timer);
        return;
      }
      case 'truncate':
        line.delivered = upstream.status;
        send(res, upstream.status, upstream.headers, upstream.body.subarray(0, Math.floor(upstream.body.length / 2)));
        return;
      case 'cut-body': {
        const headers = stripLength(upstream.headers);
        res.writeHead(upstream.status, { ...headers, 'content-length': String(upstream.body.length) });
        res.write(upstream.body.subarray(0, Math.floor(upstream.body.length / 2)), () => res.destroy());
        return;
      }
      case 'replace-body':
        line.delivered = 200;
        res.writeHead(200, { 'content-type': fault.contentType }).end(fault.body);
        return;
    }
  }

  private forward(request: ProxiedRequest): Promise<UpstreamAnswer> {
    const target = new URL(request.path, this.target);
    return new Promise((resolve, reject) => {
      const headers: http.OutgoingHttpHeaders = { ...stripLength(request.headers), host: target.host, connection: 'close', 'content-length': String(request.body.length) };
      const up = http.request(target, { method: request.method, headers, agent: false }, (upRes) => {
        readAll(upRes).then((body) => resolve({ status: upRes.statusCode ?? 502, headers: upRes.headers, body }), reject);
      });
      up.on('error', reject);
      up.end(request.body);
    });
  }
}

function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function stripLength(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined || k === 'content-length' || k === 'transfer-encoding' || k === 'connection' || k === 'keep-alive') continue;
    out[k] = v;
  }
  return out;
}

function send(res: http.ServerResponse, status: number, headers: http.IncomingHttpHeaders, body: Buffer): void {
  res.writeHead(status, { ...stripLength(headers), 'content-length': String(body.length) }).end(body);
}
