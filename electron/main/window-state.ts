import { readFileSync } from 'node:fs';
import type { BrowserWindow, Rectangle } from 'electron';
import { z } from 'zod';
import { writeFileAtomicSync } from './atomic-file';

/** The file in userData remembering where the main window was. */
export const WINDOW_STATE_FILE_NAME = 'window-state.json';

/**
 * Where and how large the main window was when last moved, resized or closed. Position is
 * absent on first start, and when the saved one no longer lies on any display; Electron then
 * centres the window.
 */
export interface WindowState {
  width: number;
  height: number;
  x?: number;
  y?: number;
  isMaximized: boolean;
}

/** First start: large enough for the worklist beside the coding panel on a common 1080p monitor. */
export const DEFAULT_WINDOW_STATE: Readonly<WindowState> = { width: 1400, height: 900, isMaximized: false };

/** A move or resize fires many events a second; one write after the coder lets go is enough. */
export const SAVE_DEBOUNCE_MS = 500;

/**
 * How much of a restored window must overlap a display, each way: enough to see it and grab it
 * with the mouse. A position leaving less (a monitor since unplugged) is dropped.
 */
export const MIN_VISIBLE_PX = 100;

/** Anything but a whole window state is treated as no saved state. */
const windowStateSchema = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  isMaximized: z.boolean(),
});

/** A display's usable area, as `screen.getAllDisplays()` reports it. */
export interface DisplayArea {
  workArea: Rectangle;
}

/** Whether a window at `bounds` would show at least {@link MIN_VISIBLE_PX} each way on some display. */
export function isOnSomeDisplay(bounds: Rectangle, displays: readonly DisplayArea[]): boolean {
  return displays.some(({ workArea }) => {
    const width = Math.min(bounds.x + bounds.width, workArea.x + workArea.width) - Math.max(bounds.x, workArea.x);
    const height = Math.min(bounds.y + bounds.height, workArea.y + workArea.height) - Math.max(bounds.y, workArea.y);
    return width >= MIN_VISIBLE_PX && height >= MIN_VISIBLE_PX;
  });
}

/**
 * The state to open the window with: the saved one, without its position when that is off
 * every display, or the defaults when the file is missing or not a window state. Read
 * synchronously because the window is created right after and the file is a few dozen bytes.
 */
export function loadWindowState(file: string, displays: readonly DisplayArea[]): WindowState {
  let parsed: z.infer<typeof windowStateSchema>;
  try {
    const result = windowStateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!result.success) return { ...DEFAULT_WINDOW_STATE };
    parsed = result.data;
  } catch {
    return { ...DEFAULT_WINDOW_STATE };
  }
  const { x, y, width, height, isMaximized } = parsed;
  if (x === undefined || y === undefined || !isOnSomeDisplay({ x, y, width, height }, displays)) {
    return { width, height, isMaximized };
  }
  return { x, y, width, height, isMaximized };
}

/** The parts of a BrowserWindow the tracker reads and listens to. */
export type TrackedWindow = Pick<BrowserWindow, 'on' | 'getNormalBounds' | 'isMaximized' | 'isDestroyed'>;

/**
 * Save the window's state to `file` after it is moved, resized, maximized or restored
 * (debounced), and once more as it closes. The normal bounds are saved, not the maximized
 * ones, so un-maximizing after a restart returns to the coder's own size.
 */
export function trackWindowState(window: TrackedWindow, file: string, debounceMs = SAVE_DEBOUNCE_MS): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = () => {
    clearTimeout(timer);
    timer = undefined;
    if (window.isDestroyed()) return;
    const state: WindowState = { ...window.getNormalBounds(), isMaximized: window.isMaximized() };
    try {
      // Synchronous: the save on close must be on disk before the process exits.
      writeFileAtomicSync(file, JSON.stringify(state));
    } catch (error) {
      // A lost window position is not worth interrupting the coder for; the next save retries.
      console.warn(`window state not saved: ${String(error)}`);
    }
  };
  const scheduleSave = () => {
    clearTimeout(timer);
    timer = setTimeout(save, debounceMs);
  };
  window.on('resize', scheduleSave);
  window.on('move', scheduleSave);
  window.on('maximize', scheduleSave);
  window.on('unmaximize', scheduleSave);
  window.on('close', save);
  window.on('closed', () => clearTimeout(timer));
}
