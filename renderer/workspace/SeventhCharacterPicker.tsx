import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { SeventhCharacterSource } from '../../core/codesets/tabular-xml';
import { displayCode } from '../../core/codesets/code-display';

/** The full code for a base code and a 7th character: placeholder X up to six characters first. */
export function withSeventh(base: string, character: string): string {
  return base.padEnd(6, 'X') + character;
}

/**
 * Pick the 7th character for a code that needs one: type its letter, or move with the arrows
 * and press Enter. Placeholder X is added for codes shorter than six characters.
 */
export function SeventhCharacterPicker({ base, seventh, error, onPick, onCancel }: { base: string; seventh: SeventhCharacterSource; error: string | null; onPick: (code: string) => void; onCancel: () => void }) {
  const [active, setActive] = useState(0);
  const ref = useRef<HTMLUListElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const chars = seventh.characters;
  const onKeyDown = (e: KeyboardEvent) => {
    const typed = chars.findIndex((c) => c.char.toLowerCase() === e.key.toLowerCase());
    if (typed >= 0 && !e.ctrlKey && !e.altKey) onPick(withSeventh(base, chars[typed].char));
    else if (e.key === 'ArrowDown') setActive((i) => Math.min(chars.length - 1, i + 1));
    else if (e.key === 'ArrowUp') setActive((i) => Math.max(0, i - 1));
    else if (e.key === 'Enter') onPick(withSeventh(base, chars[active].char));
    else if (e.key === 'Escape') onCancel();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  return (
    <div className="seventh-picker" role="group" aria-label="7th character">
      <p>
        <strong>{displayCode('icd10cm', base)}</strong> needs a 7th character{base.length < 6 ? ' (placeholder X is added)' : ''}: type its letter.
      </p>
      <ul ref={ref} role="listbox" tabIndex={0} onKeyDown={onKeyDown} aria-label="7th characters" aria-activedescendant={`seventh-${active}`}>
        {chars.map((c, i) => (
          <li key={c.char} id={`seventh-${i}`} role="option" aria-selected={i === active} className={i === active ? 'active' : undefined} onMouseDown={(e) => (e.preventDefault(), onPick(withSeventh(base, c.char)))}>
            <kbd>{c.char}</kbd> <span className="code">{displayCode('icd10cm', withSeventh(base, c.char))}</span> {c.meaning}
          </li>
        ))}
      </ul>
      {error ? <p className="error" role="alert">{error}</p> : null}
    </div>
  );
}
