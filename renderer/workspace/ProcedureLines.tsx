import { useEffect, useState, type KeyboardEvent } from 'react';
import { displayCode, SYSTEM_LABEL } from '../../core/codesets/code-display';
import { parseModifiers, pointersFromLetters, removeProcedure, updateProcedure, type CodingChange } from '../../core/coding/coding-changes';
import { pointerLetter, type Encounter, type ProcedureLine } from '../../core/coding/encounter';
import type { EncounterCheck } from '../../core/coding/check-encounter';

interface Props {
  encounter: Encounter;
  check: EncounterCheck | null;
  readOnly: boolean;
  onChange: (make: (encounter: Encounter) => CodingChange) => void;
  tableRef: React.RefObject<HTMLTableSectionElement | null>;
}

/** Pointer letters of a line as the coder reads them: diagnosis positions, `?` for a stale one. */
function lettersOf(line: ProcedureLine, encounter: Encounter): string {
  return line.pointers
    .map((id) => {
      const at = encounter.coding.diagnoses.findIndex((d) => d.id === id);
      return at >= 0 ? (pointerLetter(at) ?? '?') : id.startsWith('?') ? id.slice(1) : '?';
    })
    .join('');
}

/**
 * A field saved on every keystroke. It keeps what the coder typed ("RT " on the way to "RT 59")
 * while it has focus, and shows the saved value otherwise.
 */
function LineField({ value, onSave, label, width, disabled }: { value: string; onSave: (text: string) => void; label: string; width: string; disabled: boolean }) {
  const [text, setText] = useState(value);
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (!editing) setText(value);
  }, [value, editing]);
  return (
    <input
      value={editing ? text : value}
      aria-label={label}
      style={{ width }}
      disabled={disabled}
      onFocus={(e) => {
        setEditing(true);
        setText(value);
        e.target.select();
      }}
      onBlur={() => setEditing(false)}
      onChange={(e) => {
        setText(e.target.value);
        onSave(e.target.value);
      }}
    />
  );
}

/**
 * Procedure lines: code, up to four modifiers, units, date and diagnosis pointers (letters of
 * the diagnosis list). Every field saves as it is typed. Ctrl+Delete removes the line.
 */
export function ProcedureLines({ encounter, check, readOnly, onChange, tableRef }: Props) {
  const lines = encounter.coding.procedures;
  const at = () => new Date().toISOString();
  const onKeyDown = (e: KeyboardEvent, id: string) => {
    if (e.key === 'Delete' && e.ctrlKey && !readOnly) {
      e.preventDefault();
      onChange((enc) => removeProcedure(enc, id, at()));
    }
  };
  return (
    <section className="coding-list" aria-label="Procedure lines">
      <h3>
        Procedure lines <span className="muted">· Alt+P</span>
      </h3>
      {lines.length === 0 ? <p className="muted empty-list">No procedure lines yet.</p> : null}
      {lines.length ? (
        <table className="lines-table">
          <thead>
            <tr>
              <th>#</th>
              <th>Code</th>
              <th>Modifiers</th>
              <th>Units</th>
              <th>Date</th>
              <th>Pointers</th>
            </tr>
          </thead>
          <tbody ref={tableRef}>
            {lines.map((line, i) => {
              const findings = check?.findings.filter((f) => f.subject.kind === 'procedure' && f.subject.id === line.id) ?? [];
              const title = check?.titles[`${line.system}:${line.code}`];
              return (
                <tr key={line.id} data-line={line.id} onKeyDown={(e) => onKeyDown(e, line.id)} className={findings.some((f) => f.severity === 'error') ? 'has-error' : findings.length ? 'has-warning' : undefined}>
                  <td>{i + 1}</td>
                  <td>
                    <span className="code">{displayCode(line.system, line.code)}</span> <span className="muted small">{SYSTEM_LABEL[line.system]}</span>
                    <div className="title small">{title ?? ''}</div>
                  </td>
                  <td>
                    <LineField label={`Modifiers, line ${i + 1}`} width="7em" disabled={readOnly} value={line.modifiers.join(' ')} onSave={(t) => onChange((enc) => updateProcedure(enc, line.id, { modifiers: parseModifiers(t) }, at()))} />
                  </td>
                  <td>
                    <LineField label={`Units, line ${i + 1}`} width="3.5em" disabled={readOnly} value={String(line.units)} onSave={(t) => onChange((enc) => updateProcedure(enc, line.id, { units: t.trim() === '' ? 0 : Number(t) }, at()))} />
                  </td>
                  <td>
                    <LineField label={`Date, line ${i + 1}`} width="7.5em" disabled={readOnly} value={line.date} onSave={(t) => onChange((enc) => updateProcedure(enc, line.id, { date: t.trim() }, at()))} />
                  </td>
                  <td>
                    <LineField label={`Pointers, line ${i + 1}`} width="4.5em" disabled={readOnly || line.system === 'icd10pcs'} value={lettersOf(line, encounter)} onSave={(t) => onChange((enc) => updateProcedure(enc, line.id, { pointers: pointersFromLetters(t, enc.coding.diagnoses) }, at()))} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
