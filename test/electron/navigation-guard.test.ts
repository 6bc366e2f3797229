import { EventEmitter } from 'node:events';
import type { Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
// navigation-guard imports only Electron's types, so it needs no fake electron module; the
// WebContents and Session below are fakes of just the parts it touches.
import { denyPermissionRequests, guardWebContents, isAllowedNavigation } from '../../electron/main/navigation-guard';

/** A WebContents with just what the guard uses: events and the window-open handler. */
function fakeWebContents() {
  const emitter = new EventEmitter();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = Object.assign(emitter, {
    setWindowOpenHandler: (handler: typeof openHandler) => (openHandler = handler),
  });
  const fire = (event: string, url: string) => {
    const details = { url, preventDefault: vi.fn() };
    emitter.emit(event, details);
    return details.preventDefault;
  };
  return { contents: contents as unknown as WebContents, fire, open: (url: string) => openHandler?.({ url }) };
}

describe('guardWebContents', () => {
  it('blocks navigation and redirects to other origins, and allows our own pages', () => {
    const { contents, fire } = fakeWebContents();
    guardWebContents(contents, vi.fn());
    expect(fire('will-navigate', 'https://evil.example/phish')).toHaveBeenCalled();
    expect(fire('will-navigate', 'file:///etc/passwd')).toHaveBeenCalled();
    expect(fire('will-redirect', 'https://evil.example/')).toHaveBeenCalled();
    expect(fire('will-navigate', 'app://workstation/index.html')).not.toHaveBeenCalled();
    expect(isAllowedNavigation('app://workstation/index.html')).toBe(true);
  });

  it('opens no new windows, not even for our own origin, and attaches no webviews', () => {
    const { contents, fire, open } = fakeWebContents();
    const openExternal = vi.fn();
    guardWebContents(contents, openExternal);
    expect(open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(open('app://workstation/index.html')).toEqual({ action: 'deny' });
    expect(fire('will-attach-webview', 'app://workstation/index.html')).toHaveBeenCalled();
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('sends an allowlisted link opened in a new window to the coder’s browser', () => {
    const { contents, open } = fakeWebContents();
    const openExternal = vi.fn();
    guardWebContents(contents, openExternal);
    expect(open('https://www.cdc.gov/nchs/icd/icd-10-cm/files.html')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://www.cdc.gov/nchs/icd/icd-10-cm/files.html');
  });

  it('does not navigate the app to an allowlisted site either', () => {
    const { contents, fire } = fakeWebContents();
    guardWebContents(contents, vi.fn());
    expect(fire('will-navigate', 'https://www.cms.gov/')).toHaveBeenCalled();
  });
});

describe('denyPermissionRequests', () => {
  it('answers every permission request with no', () => {
    const setPermissionRequestHandler = vi.fn();
    denyPermissionRequests({ setPermissionRequestHandler } as unknown as Session);
    const [[handler]] = setPermissionRequestHandler.mock.calls;
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal']) {
      const callback = vi.fn();
      handler({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
    }
  });
});
