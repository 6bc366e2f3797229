import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Rectangle } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
// window-state imports only Electron's types; the window and displays below are fakes.
import {
  DEFAULT_WINDOW_STATE,
  SAVE_DEBOUNCE_MS,
  loadWindowState,
  trackWindowState,
  type TrackedWindow,
} from '../../electron/main/window-state';

/** One 1920×1080 monitor with a 40 px taskbar, and a second one to its right. */
const LAPTOP = { workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
const SECOND_MONITOR = { workArea: { x: 1920, y: 0, width: 2560, height: 1400 } };

/** A window with the events and getters the tracker uses. */
function fakeWindow(bounds: Rectangle, maximized = false) {
  const emitter = new EventEmitter();
  const window = Object.assign(emitter, {
    bounds,
    maximized,
    destroyed: false,
    getNormalBounds: () => window.bounds,
    isMaximized: () => window.maximized,
    isDestroyed: () => window.destroyed,
  });
  return window;
}
const track = (window: ReturnType<typeof fakeWindow>) => trackWindowState(window as unknown as TrackedWindow, file);

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'window-state-'));
  file = join(dir, 'window-state.json');
});
afterEach(() => {
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

const saved = () => JSON.parse(readFileSync(file, 'utf8'));

describe('loadWindowState', () => {
  it('opens at the default size, centred, on first start', () => {
    expect(loadWindowState(file, [LAPTOP])).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('restores a saved size, position and maximized state', () => {
    writeFileSync(file, JSON.stringify({ x: 2100, y: 80, width: 1600, height: 1000, isMaximized: true }));
    expect(loadWindowState(file, [LAPTOP, SECOND_MONITOR])).toEqual({ x: 2100, y: 80, width: 1600, height: 1000, isMaximized: true });
  });

  it('drops a position on a monitor that is no longer there, keeping the size', () => {
    writeFileSync(file, JSON.stringify({ x: 2100, y: 80, width: 1600, height: 1000, isMaximized: false }));
    expect(loadWindowState(file, [LAPTOP])).toEqual({ width: 1600, height: 1000, isMaximized: false });
  });

  it('drops a position that leaves only a sliver of the window on screen', () => {
    writeFileSync(file, JSON.stringify({ x: 1880, y: 100, width: 1200, height: 800, isMaximized: false }));
    expect(loadWindowState(file, [LAPTOP])).not.toHaveProperty('x');
    writeFileSync(file, JSON.stringify({ x: -5000, y: -5000, width: 1200, height: 800, isMaximized: false }));
    expect(loadWindowState(file, [LAPTOP])).not.toHaveProperty('x');
  });

  it.each([
    ['not JSON', '{"width": 1400,'],
    ['empty', ''],
    ['an array', '[1400, 900]'],
    ['a negative size', JSON.stringify({ width: -1, height: 900, isMaximized: false })],
    ['a size as text', JSON.stringify({ width: '1400', height: 900, isMaximized: false })],
    ['no maximized flag', JSON.stringify({ width: 1400, height: 900 })],
  ])('falls back to the defaults for a file that is %s', (_label, content) => {
    writeFileSync(file, content);
    expect(loadWindowState(file, [LAPTOP])).toEqual(DEFAULT_WINDOW_STATE);
  });
});

describe('trackWindowState', () => {
  it('saves once, after the coder stops dragging', () => {
    vi.useFakeTimers();
    const window = fakeWindow({ x: 10, y: 10, width: 1400, height: 900 });
    track(window);
    for (let x = 11; x < 60; x++) {
      window.bounds = { ...window.bounds, x };
      window.emit('move');
      vi.advanceTimersByTime(16);
    }
    expect(existsSync(file)).toBe(false);
    vi.advanceTimersByTime(SAVE_DEBOUNCE_MS);
    expect(saved()).toEqual({ x: 59, y: 10, width: 1400, height: 900, isMaximized: false });
  });

  it('saves the normal bounds with the maximized flag, and what it saves is restored', () => {
    vi.useFakeTimers();
    const window = fakeWindow({ x: 100, y: 50, width: 1300, height: 850 });
    track(window);
    window.maximized = true;
    window.emit('maximize');
    vi.advanceTimersByTime(SAVE_DEBOUNCE_MS);
    expect(loadWindowState(file, [LAPTOP])).toEqual({ x: 100, y: 50, width: 1300, height: 850, isMaximized: true });
  });

  it('saves at once when the window closes, without waiting for the debounce', () => {
    vi.useFakeTimers();
    const window = fakeWindow({ x: 0, y: 0, width: 1400, height: 900 });
    track(window);
    window.bounds = { x: 200, y: 100, width: 1500, height: 950 };
    window.emit('resize');
    window.emit('close');
    expect(saved()).toMatchObject({ x: 200, y: 100, width: 1500, height: 950 });
    // Nothing is left pending to run against a destroyed window.
    window.destroyed = true;
    window.emit('closed');
    expect(vi.getTimerCount()).toBe(0);
    expect(readdirSync(dir)).toEqual(['window-state.json']);
  });

  it('does not throw when the state cannot be written', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const window = fakeWindow({ x: 0, y: 0, width: 1400, height: 900 });
    trackWindowState(window as unknown as TrackedWindow, join(dir, 'missing-folder', 'window-state.json'));
    expect(() => window.emit('close')).not.toThrow();
    expect(warn).toHaveBeenCalled();
    expect(readdirSync(dir)).toEqual([]);
    warn.mockRestore();
  });
});
