import { useEffect, useRef } from 'react';
import { KEYBOARD_MAP } from './keyboard-map';

/** The ? overlay: every key the workstation answers to. */
export function KeyboardMapOverlay({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div
        className="dialog keymap"
        role="dialog"
        aria-modal="true"
        aria-label="Keyboard map"
        tabIndex={-1}
        ref={ref}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape' || e.key === '?') {
            e.preventDefault();
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <h2>Keyboard map</h2>
        <div className="keymap-columns">
          {KEYBOARD_MAP.map((group) => (
            <section key={group.area}>
              <h3>{group.area}</h3>
              <dl>
                {group.bindings.map((b) => (
                  <div key={b.keys + b.action}>
                    <dt>
                      <kbd>{b.keys}</kbd>
                    </dt>
                    <dd>{b.action}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
        <p className="muted">On macOS, Cmd replaces Ctrl. Esc closes.</p>
      </div>
    </div>
  );
}
