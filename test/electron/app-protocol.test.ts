import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/shared/content-security-policy';

const electron = vi.hoisted(() => ({
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
}));
vi.mock('electron', () => electron);

const { createAppProtocolHandler, handleAppProtocol, registerAppScheme, resolveAppRequestPath } = await import(
  '../../electron/main/app-protocol'
);

// A real tree on disk: the built renderer and the packs side by side, and a secret next to
// them that no app:// URL may reach.
let base: string;
let roots: { renderer: string; codesets: string };
const MANIFEST = { format: 'coder-workstation/codeset-manifest', formatVersion: 1, packs: [] };
const SECRET = 'patient list, not for the renderer';

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'app-protocol-'));
  roots = { renderer: join(base, 'app', 'dist', 'renderer'), codesets: join(base, 'codesets') };
  mkdirSync(join(roots.renderer, 'assets'), { recursive: true });
  mkdirSync(roots.codesets, { recursive: true });
  writeFileSync(join(roots.renderer, 'index.html'), '<!doctype html><title>Coder Workstation</title>');
  writeFileSync(join(roots.renderer, 'assets', 'index-abc123.js'), 'export const ok = 1;');
  writeFileSync(join(roots.codesets, 'manifest.json'), JSON.stringify(MANIFEST));
  writeFileSync(join(base, 'secret.txt'), SECRET);
  writeFileSync(join(base, 'app', 'secret.txt'), SECRET);
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('resolveAppRequestPath', () => {
  it('maps the app root and index.html to the built renderer', () => {
    const index = join(roots.renderer, 'index.html');
    expect(resolveAppRequestPath('app://workstation/', roots)).toBe(index);
    expect(resolveAppRequestPath('app://workstation/index.html', roots)).toBe(index);
    expect(resolveAppRequestPath('app://workstation/index.html?from=tray#top', roots)).toBe(index);
    expect(resolveAppRequestPath('app://workstation/assets/index-abc123.js', roots)).toBe(
      join(roots.renderer, 'assets', 'index-abc123.js'),
    );
  });

  it('maps codesets/ to the packs directory, not to the renderer', () => {
    expect(resolveAppRequestPath('app://workstation/codesets/manifest.json', roots)).toBe(
      join(roots.codesets, 'manifest.json'),
    );
    expect(resolveAppRequestPath('app://workstation/codesets/icd10cm-codes-FY2026-08988aed.cwpack', roots)).toBe(
      join(roots.codesets, 'icd10cm-codes-FY2026-08988aed.cwpack'),
    );
  });

  it.each([
    ['plain dot segments', 'app://workstation/../../etc/passwd'],
    ['dot segments inside codesets', 'app://workstation/codesets/../../secret.txt'],
    ['fully encoded ../', 'app://workstation/%2e%2e%2f%2e%2e%2fetc%2fpasswd'],
    ['upper-case encoded ../', 'app://workstation/%2E%2E%2F%2E%2E%2Fsecret.txt'],
    ['encoded dots, real slashes', 'app://workstation/%2e%2e/%2e%2e/secret.txt'],
    ['real dots, encoded slash', 'app://workstation/..%2f..%2fsecret.txt'],
    ['encoded traversal out of codesets', 'app://workstation/codesets/%2e%2e%2fsecret.txt'],
    ['a lone encoded dot', 'app://workstation/%2e/index.html'],
    ['literal backslashes', 'app://workstation/assets\\..\\..\\secret.txt'],
    ['encoded backslashes', 'app://workstation/..%5c..%5csecret.txt'],
    ['a backslash inside a name', 'app://workstation/codesets/x%5C..%5C..%5Csecret.txt'],
    ['Windows trailing-space dots', 'app://workstation/.. /.. /secret.txt'],
    ['an absolute path after the origin', 'app://workstation//etc/passwd'],
    ['an encoded absolute path', 'app://workstation/%2Fetc%2Fpasswd'],
    ['a Windows drive path', 'app://workstation/C:%5CWindows%5Cwin.ini'],
    ['a Windows drive with slashes', 'app://workstation/C:/Windows/win.ini'],
    ['a NUL byte', 'app://workstation/index.html%00.png'],
    ['a malformed escape', 'app://workstation/%E0%A4%A'],
    ['the codesets directory itself', 'app://workstation/codesets/'],
    ['another host', 'app://other/index.html'],
    ['a userinfo trick', 'app://workstation@evil.example/index.html'],
    ['a port', 'app://workstation:8080/index.html'],
    ['file://', 'file:///etc/passwd'],
    ['https', 'https://evil.example/index.html'],
  ])('refuses %s', (_label, url) => {
    expect(resolveAppRequestPath(url, roots)).toBeNull();
  });

  it('decodes once, so a double-encoded ../ is just an odd file name inside the root', () => {
    const path = resolveAppRequestPath('app://workstation/%252e%252e%252fsecret.txt', roots);
    expect(path).toBe(join(roots.renderer, '%2e%2e%2fsecret.txt'));
  });
});

describe('the app:// handler', () => {
  const get = (url: string, method = 'GET') => createAppProtocolHandler(roots)(new Request(url, { method }));

  it('serves index.html as HTML under the CSP', async () => {
    const response = await get('app://workstation/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await response.text()).toContain('<title>Coder Workstation</title>');
  });

  it('serves scripts as JavaScript, which module scripts and workers require', async () => {
    const response = await get('app://workstation/assets/index-abc123.js');
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves the code-set manifest from the packs directory', async () => {
    const response = await get('app://workstation/codesets/manifest.json');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(MANIFEST);
  });

  it.each([
    'app://workstation/../secret.txt',
    'app://workstation/%2e%2e%2fsecret.txt',
    'app://workstation/codesets/..%2f..%2fsecret.txt',
    'app://workstation/missing.js',
    'app://workstation/assets',
  ])('answers 404, still under the CSP, for %s', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await response.text()).not.toContain(SECRET);
  });

  it('refuses methods other than GET and HEAD', async () => {
    const response = await get('app://workstation/index.html', 'POST');
    expect(response.status).toBe(405);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });
});

describe('scheme registration', () => {
  it('makes app a standard, secure, fetchable scheme that other origins cannot read', () => {
    registerAppScheme();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }),
      }),
    ]);
    const [[[scheme]]] = electron.protocol.registerSchemesAsPrivileged.mock.calls;
    expect(scheme.privileges.corsEnabled).not.toBe(true);
    expect(scheme.privileges.bypassCSP).not.toBe(true);
  });

  it('installs the handler for the app scheme', async () => {
    handleAppProtocol(roots);
    const [scheme, handler] = electron.protocol.handle.mock.calls[0];
    expect(scheme).toBe('app');
    expect((await handler(new Request('app://workstation/codesets/manifest.json'))).status).toBe(200);
  });
});
