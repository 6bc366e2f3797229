import type { MenuCommand } from '../platform/desktop-api';

/**
 * Menu commands handed from the app shell to the screen that acts on them (Finish goes to the
 * open encounter). The shell is the one subscriber to the platform's menu, because a browser
 * shortcut is consumed by the first listener that handles it.
 */
type Listener = (command: MenuCommand) => void;
const listeners = new Set<Listener>();

export function emitCommand(command: MenuCommand): void {
  for (const l of listeners) l(command);
}

export function onCommand(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
