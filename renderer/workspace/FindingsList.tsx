import type { EncounterCheck } from '../../core/coding/check-encounter';
import type { Encounter } from '../../core/coding/encounter';
import type { EditFinding } from '../../core/coding/edit-finding';

interface Props {
  encounter: Encounter;
  check: EncounterCheck | null;
  checking: boolean;
  readOnly: boolean;
  onAcknowledge: (finding: EditFinding) => void;
  listRef: React.RefObject<HTMLUListElement | null>;
}

/** Whether a warning has a recorded acknowledgement on the current revision. */
export function isAcknowledged(encounter: Encounter, finding: EditFinding): boolean {
  return encounter.acknowledgements.some((a) => a.key === finding.key);
}

/**
 * The edits' findings as the coder works: errors first (they block Finish), then warnings,
 * each with its source; a warning is acknowledged with Enter on its button, and the
 * acknowledgement (who, when) is kept with the revision.
 */
export function FindingsList({ encounter, check, checking, readOnly, onAcknowledge, listRef }: Props) {
  const findings = [...(check?.findings ?? [])].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  const label = (f: EditFinding) => {
    if (f.subject.kind === 'encounter') return 'Encounter';
    const id = f.subject.id;
    if (f.subject.kind === 'diagnosis') {
      const i = encounter.coding.diagnoses.findIndex((d) => d.id === id);
      return `Diagnosis ${i >= 0 ? String.fromCharCode(65 + i) : ''}`;
    }
    return `Line ${encounter.coding.procedures.findIndex((p) => p.id === id) + 1}`;
  };
  return (
    <section className="findings" aria-label="Edits">
      <h3>
        Edits{' '}
        <span className="muted" role="status" aria-label="Edit summary">
          {check === null ? (checking ? 'checking…' : 'the edits run once the lookup index is ready') : `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`}
        </span>
      </h3>
      {check?.notChecked.length ? <p className="muted small">Not checked: {check.notChecked.join('; ')}</p> : null}
      <ul ref={listRef}>
        {findings.map((f) => {
          const acknowledged = isAcknowledged(encounter, f);
          return (
            <li key={f.key} className={`finding ${f.severity}${acknowledged ? ' acknowledged' : ''}`} data-edit={f.editId}>
              <span className="severity">{f.severity === 'error' ? 'Error' : acknowledged ? 'Acknowledged' : 'Warning'}</span>
              <span className="what">
                <strong>{label(f)}:</strong> {f.message}
                <span className="source">Source: {f.source}</span>
              </span>
              {f.severity === 'warning' && !acknowledged && !readOnly ? (
                <button type="button" onClick={() => onAcknowledge(f)} aria-label={`Acknowledge: ${f.message}`}>
                  Acknowledge
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
