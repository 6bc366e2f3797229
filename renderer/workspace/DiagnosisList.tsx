import { useLayoutEffect, useState, type KeyboardEvent } from 'react';
import { displayCode } from '../../core/codesets/code-display';
import { moveDiagnosis, removeDiagnosis, setPresentOnAdmission, type CodingChange } from '../../core/coding/coding-changes';
import { pointerLetter, type Encounter, type PresentOnAdmission } from '../../core/coding/encounter';
import type { EncounterCheck } from '../../core/coding/check-encounter';

const POA_CYCLE: (PresentOnAdmission | undefined)[] = ['Y', 'N', 'U', 'W', '1', undefined];

interface Props {
  encounter: Encounter;
  check: EncounterCheck | null;
  readOnly: boolean;
  onChange: (make: (encounter: Encounter) => CodingChange) => void;
  /** Link the selected note text to this diagnosis (E). */
  onLinkEvidence: (id: string) => void;
  listRef: React.RefObject<HTMLOListElement | null>;
}

/**
 * The diagnoses in claim order, lettered A-L for pointers; the first is the first-listed (or,
 * inpatient, principal) diagnosis. Keys on a focused diagnosis: ↑/↓ move focus, Alt+↑/↓
 * reorder, Delete removes, P cycles present-on-admission (inpatient), E links the selected
 * note text as evidence.
 */
export function DiagnosisList({ encounter, check, readOnly, onChange, onLinkEvidence, listRef }: Props) {
  const { diagnoses } = encounter.coding;
  const inpatient = encounter.setting === 'inpatient';
  // After a reorder or removal, the item to focus once the list has re-rendered.
  const [focusAt, setFocusAt] = useState<{ index: number } | null>(null);

  const focusItem = (i: number) => {
    const items = listRef.current?.querySelectorAll<HTMLElement>('li[data-dx]');
    items?.[Math.max(0, Math.min(i, (items?.length ?? 1) - 1))]?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLLIElement>, index: number, id: string) => {
    const at = new Date().toISOString();
    if (e.key === 'ArrowDown' && e.altKey && !readOnly) {
      onChange((enc) => moveDiagnosis(enc, id, 1, at));
      setFocusAt({ index: index + 1 });
    } else if (e.key === 'ArrowUp' && e.altKey && !readOnly) {
      onChange((enc) => moveDiagnosis(enc, id, -1, at));
      setFocusAt({ index: index - 1 });
    } else if (e.key === 'ArrowDown') focusItem(index + 1);
    else if (e.key === 'ArrowUp') focusItem(index - 1);
    else if ((e.key === 'Delete' || e.key === 'Backspace') && !readOnly) {
      onChange((enc) => removeDiagnosis(enc, id, at));
      setFocusAt({ index: Math.max(0, index - 1) });
    } else if (e.key.toLowerCase() === 'p' && inpatient && !readOnly) {
      const dx = diagnoses[index];
      const next = POA_CYCLE[(POA_CYCLE.indexOf(dx.poa) + 1) % POA_CYCLE.length];
      onChange((enc) => setPresentOnAdmission(enc, id, next, at));
    } else if (e.key.toLowerCase() === 'e' && !readOnly) onLinkEvidence(id);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  // In the same commit as the change, so the next key press already lands on the item.
  useLayoutEffect(() => {
    if (!focusAt) return;
    focusItem(focusAt.index);
    setFocusAt(null);
  }, [focusAt]);

  return (
    <section className="coding-list" aria-label="Diagnoses">
      <h3>
        Diagnoses <span className="muted">({inpatient ? 'principal first' : 'first-listed first'}) · Alt+D</span>
      </h3>
      {diagnoses.length === 0 ? <p className="muted empty-list">No diagnoses yet: look one up and press Enter.</p> : null}
      <ol ref={listRef} className="dx-list">
        {diagnoses.map((dx, i) => {
          const findings = check?.findings.filter((f) => f.subject.kind === 'diagnosis' && f.subject.id === dx.id) ?? [];
          const hcc = check?.hcc[dx.id];
          const title = check?.titles[`icd10cm:${dx.code}`];
          return (
            <li key={dx.id} data-dx={dx.id} tabIndex={0} onKeyDown={(e) => onKeyDown(e, i, dx.id)} className={findings.some((f) => f.severity === 'error') ? 'has-error' : findings.length ? 'has-warning' : undefined} aria-label={`${pointerLetter(i) ?? '?'} ${displayCode('icd10cm', dx.code)} ${title ?? ''}`}>
              <span className="letter">{pointerLetter(i) ?? '–'}</span>
              <span className="code">{displayCode('icd10cm', dx.code)}</span>
              <span className="title">
                {title ?? '…'}
                {i === 0 ? <span className="badge first">{inpatient ? 'Principal' : 'First-listed'}</span> : null}
                {hcc ? <span className="badge hcc" title={check?.hccRelease}>HCC {hcc.join(', ')}</span> : null}
                {dx.evidence.length ? <span className="badge evidence" title={dx.evidence.map((e) => `“${e.text}”`).join('\n')}>Evidence {dx.evidence.length}</span> : null}
              </span>
              {inpatient ? <span className={dx.poa ? 'poa' : 'poa missing'} title="Present on admission (P cycles)">POA {dx.poa ?? '—'}</span> : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
