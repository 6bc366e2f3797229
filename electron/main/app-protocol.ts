import { readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../shared/content-security-policy';
import { APP_ORIGIN, APP_SCHEME } from './app-origin';
import type { AppPaths } from './app-paths';

/** The two directory trees the `app://` handler may read from, and nothing else. */
export type ServedRoots = Pick<AppPaths, 'renderer' | 'codesets'>;

/** URL path prefix under which the code-set packs are served (the renderer fetches `codesets/…`). */
const CODESETS_SEGMENT = 'codesets';

/**
 * Module scripts and workers are refused unless served with a JavaScript type, and `nosniff`
 * stops Chromium from guessing, so every type we ship is named here.
 */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/**
 * Register `app` as a privileged scheme. Must run before the app's `ready` event.
 * `standard` gives it a real origin and relative-URL resolution (IndexedDB, module workers),
 * `secure` makes it a secure context like https, `supportFetchAPI` lets the worker fetch the
 * packs. `corsEnabled` stays off on purpose: it would let other origins read our responses.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Serve `app://workstation/…` from the given roots on the default session. Call after `ready`. */
export function handleAppProtocol(roots: ServedRoots): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(roots));
}

/**
 * The file an `app://` request may read, or null when it must be refused.
 *
 * `app://workstation/codesets/<file>` maps into the packs directory, every other path into the
 * built renderer, and `/` means `index.html`. Chromium already canonicalizes URLs of a standard
 * scheme, but this does not rely on it: each raw path segment is percent-decoded once and
 * refused if it is empty, a dot segment, or carries a separator, NUL or drive colon, so
 * `..`, `%2e%2e%2f`, `%5c`, `//etc` and `C:` never reach the file system. The resolved path
 * must still lie inside its root.
 */
export function resolveAppRequestPath(requestUrl: string, roots: ServedRoots): string | null {
  const prefix = `${APP_ORIGIN}/`;
  // Exact prefix, so `app://workstation@evil/`, `app://workstation:1/` and `app://other/` fail.
  if (!requestUrl.startsWith(prefix)) return null;
  const rawPath = requestUrl.slice(prefix.length).split(/[?#]/, 1)[0] ?? '';
  const segments: string[] = [];
  for (const raw of rawPath === '' ? ['index.html'] : rawPath.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null; // malformed escape such as `%E0%A4%A`
    }
    if (!isSafeSegment(segment)) return null;
    segments.push(segment);
  }
  const inCodesets = segments[0] === CODESETS_SEGMENT;
  const root = inCodesets ? roots.codesets : roots.renderer;
  const rest = inCodesets ? segments.slice(1) : segments;
  if (rest.length === 0) return null;
  const path = resolve(root, ...rest);
  return isInside(root, path) ? path : null;
}

/**
 * The `protocol.handle` callback: the file for a GET or HEAD, else 404 (or 405 for other
 * methods). Every response, errors included, carries the CSP, so no page of ours is ever
 * rendered without it.
 */
export function createAppProtocolHandler(roots: ServedRoots): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('method not allowed', { status: 405, headers: baseHeaders('text/plain; charset=utf-8') });
    }
    const path = resolveAppRequestPath(request.url, roots);
    const info = path ? await stat(path).catch(() => null) : null;
    if (!path || !info?.isFile()) {
      return new Response('not found', { status: 404, headers: baseHeaders('text/plain; charset=utf-8') });
    }
    const headers = baseHeaders(CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream');
    headers.set('Content-Length', String(info.size));
    // The largest file served is a pack of a few MB, so reading it whole is simpler than streaming.
    const body = request.method === 'HEAD' ? null : new Uint8Array(await readFile(path));
    return new Response(body, { status: 200, headers });
  };
}

function baseHeaders(contentType: string): Headers {
  return new Headers({
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
  });
}

function isSafeSegment(segment: string): boolean {
  if (segment === '') return false; // `//` would make the rest absolute
  // Also covers `.` and `..`: Windows drops trailing dots and spaces, so `.. ` acts like `..` there.
  if (segment.endsWith('.') || segment.endsWith(' ')) return false;
  return !/[/\\\0:]/.test(segment);
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !isAbsolute(rel) && rel.split(sep)[0] !== '..';
}
