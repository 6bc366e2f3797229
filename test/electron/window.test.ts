import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const electron = await vi.hoisted(async () => {
  // Hoisted above the imports, so it loads EventEmitter itself.
  const { EventEmitter } = await import('node:events');
  /** A BrowserWindow that records its options and what was done to it. */
  class FakeBrowserWindow extends EventEmitter {
    static created: FakeBrowserWindow[] = [];
    readonly calls: string[] = [];
    constructor(readonly options: BrowserWindowConstructorOptions) {
      super();
      FakeBrowserWindow.created.push(this);
    }
    loadURL(url: string) {
      this.calls.push(`loadURL ${url}`);
      return Promise.resolve();
    }
    maximize() {
      this.calls.push('maximize');
    }
    show() {
      this.calls.push('show');
    }
    getNormalBounds() {
      return { x: 0, y: 0, width: 1400, height: 900 };
    }
    isMaximized() {
      return false;
    }
    isDestroyed() {
      return false;
    }
  }
  return {
    BrowserWindow: FakeBrowserWindow,
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 2560, height: 1400 } }] },
  };
});
vi.mock('electron', () => electron);

const { createMainWindow } = await import('../../electron/main/window');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'window-'));
  electron.BrowserWindow.created.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const open = () => {
  createMainWindow({ preloadPath: '/app/dist/electron/preload/index.cjs', windowStateFile: join(dir, 'window-state.json') });
  const [window] = electron.BrowserWindow.created;
  if (!window) throw new Error('no window created');
  return window;
};

describe('createMainWindow', () => {
  it('runs the renderer isolated and sandboxed, without Node, with web security on', () => {
    const { webPreferences } = open().options;
    expect(webPreferences).toMatchObject({
      preload: '/app/dist/electron/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(webPreferences).not.toHaveProperty('allowRunningInsecureContent');
    expect(webPreferences).not.toHaveProperty('experimentalFeatures');
    expect(webPreferences).not.toHaveProperty('enableBlinkFeatures');
  });

  it('loads the app:// entry page, never a file:// one', () => {
    expect(open().calls).toEqual(['loadURL app://workstation/index.html']);
  });

  it('opens centred at the default size the first time', () => {
    const { options } = open();
    expect(options).toMatchObject({ width: 1400, height: 900, show: false });
    expect(options).not.toHaveProperty('x');
  });

  it('opens where the coder left it, maximized again before it is shown', () => {
    writeFileSync(join(dir, 'window-state.json'), JSON.stringify({ x: 300, y: 120, width: 1700, height: 1100, isMaximized: true }));
    const window = open();
    expect(window.options).toMatchObject({ x: 300, y: 120, width: 1700, height: 1100 });
    window.emit('ready-to-show');
    expect(window.calls.slice(1)).toEqual(['maximize', 'show']);
  });

  it('remembers where the window was when it closes, for the next start', () => {
    open().emit('close');
    expect(JSON.parse(readFileSync(join(dir, 'window-state.json'), 'utf8'))).toEqual({
      x: 0,
      y: 0,
      width: 1400,
      height: 900,
      isMaximized: false,
    });
  });
});
