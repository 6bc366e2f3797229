import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

const KEY = 'coder-workstation.split';

/**
 * Two panes with a divider the coder drags, or focuses (Tab) and moves with the arrow keys.
 * The width is remembered: a coder sets it once for their screen.
 */
export function SplitView({ left, right }: { left: ReactNode; right: ReactNode }) {
  const [percent, setPercent] = useState(() => Number(localStorage.getItem(KEY)) || 50);
  const ref = useRef<HTMLDivElement>(null);
  const set = (p: number) => {
    const clamped = Math.max(25, Math.min(75, Math.round(p)));
    setPercent(clamped);
    localStorage.setItem(KEY, String(clamped));
  };
  const onPointerDown = (e: React.PointerEvent) => {
    const box = ref.current?.getBoundingClientRect();
    if (!box) return;
    (e.target as HTMLElement).setPointerCapture(e.pointerId);
    const move = (m: PointerEvent) => set(((m.clientX - box.left) / box.width) * 100);
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowLeft') set(percent - 5);
    else if (e.key === 'ArrowRight') set(percent + 5);
    else if (e.key === 'Home') set(25);
    else if (e.key === 'End') set(75);
    else return;
    e.preventDefault();
  };
  return (
    <div className="split" ref={ref} style={{ gridTemplateColumns: `${percent}fr 8px ${100 - percent}fr` }}>
      <div className="split-pane">{left}</div>
      <div className="divider" role="separator" aria-orientation="vertical" aria-label="Resize documentation and coding panes" aria-valuemin={25} aria-valuemax={75} aria-valuenow={percent} tabIndex={0} onPointerDown={onPointerDown} onKeyDown={onKeyDown} />
      <div className="split-pane">{right}</div>
    </div>
  );
}
