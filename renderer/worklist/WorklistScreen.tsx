import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { ageOn, CARE_SETTING_LABEL, STATUS_LABEL, type CareSetting, type EncounterStatus } from '../../core/coding/encounter';
import { ageLabel, needsCoding, worklistOrder } from '../../core/coding/worklist';
import { useEncounters } from '../encounters/useEncounters';
import { activeSync } from '../sync/sync-service';

type StatusFilter = 'open' | 'all' | EncounterStatus;

const STATUS_FILTERS: { value: StatusFilter; label: string }[] = [
  { value: 'open', label: 'To code (to do, in progress, rejected)' },
  { value: 'all', label: 'All' },
  ...(Object.keys(STATUS_LABEL) as EncounterStatus[]).map((s) => ({ value: s as StatusFilter, label: STATUS_LABEL[s] })),
];

/**
 * The coder's encounters, oldest waiting first. Arrow keys move, Enter opens, N opens the
 * next one to code; filters narrow by status, setting or any text (patient, visit, provider).
 */
export function WorklistScreen({ onOpen, onNext }: { onOpen: (id: string) => void; onNext: () => void }) {
  const encounters = useEncounters();
  const [status, setStatus] = useState<StatusFilter>('open');
  const [setting, setSetting] = useState<'' | CareSetting>('');
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const tableRef = useRef<HTMLTableSectionElement>(null);
  const findRef = useRef<HTMLInputElement>(null);
  const now = Date.now();

  const shown = useMemo(() => {
    const needle = text.trim().toLowerCase();
    return (encounters ?? [])
      .filter((e) => (status === 'all' ? true : status === 'open' ? needsCoding(e.status) : e.status === status))
      .filter((e) => !setting || e.setting === setting)
      .filter((e) => !needle || `${e.patient.name} ${e.patient.mrn} ${e.visit} ${e.provider.name} ${e.id}`.toLowerCase().includes(needle))
      .sort(worklistOrder);
  }, [encounters, status, setting, text]);

  useEffect(() => setActive((i) => Math.min(i, Math.max(0, shown.length - 1))), [shown.length]);
  /** Keys in the filter fields: ↓ goes to the list, Enter opens the first match. */
  const onFieldKey = (e: KeyboardEvent) => {
    if (!(e.target instanceof HTMLInputElement)) return;
    if (e.key === 'ArrowDown') tableRef.current?.querySelector<HTMLElement>(`tr[data-index="${active}"]`)?.focus();
    else if (e.key === 'Enter' && shown[active]) onOpen(shown[active].id);
    else return;
    e.preventDefault();
  };

  // The list's keys work wherever the focus is on this screen, except in a field or a dialog.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      const t = e.target;
      if (t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement || t instanceof HTMLButtonElement || (t instanceof HTMLElement && t.closest('[role="dialog"]'))) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'ArrowDown') setActive((i) => Math.min(shown.length - 1, i + 1));
      else if (e.key === 'ArrowUp') setActive((i) => Math.max(0, i - 1));
      else if (e.key === 'Home') setActive(0);
      else if (e.key === 'End') setActive(shown.length - 1);
      else if (e.key === 'Enter' && shown[active]) onOpen(shown[active].id);
      else if (e.key.toLowerCase() === 'n') onNext();
      else if (e.key === '/') findRef.current?.focus();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [shown, active, onOpen, onNext]);

  // Keep the focus on the active row as it moves (and when the list first fills).
  useEffect(() => {
    const row = tableRef.current?.querySelector<HTMLElement>(`tr[data-index="${active}"]`);
    if (row && !(document.activeElement instanceof HTMLInputElement || document.activeElement instanceof HTMLSelectElement)) row.focus({ preventScroll: false });
  }, [active, shown.length > 0]);

  const counts = useMemo(() => {
    const c: Partial<Record<EncounterStatus, number>> = {};
    for (const e of encounters ?? []) c[e.status] = (c[e.status] ?? 0) + 1;
    return c;
  }, [encounters]);

  return (
    <section className="screen worklist" aria-label="Worklist" onKeyDown={onFieldKey}>
      <div className="worklist-bar">
        <label>
          <span className="label">Status</span>
          <select value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)} aria-label="Status filter">
            {STATUS_FILTERS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="label">Setting</span>
          <select value={setting} onChange={(e) => setSetting(e.target.value as '' | CareSetting)} aria-label="Setting filter">
            <option value="">All settings</option>
            {(Object.keys(CARE_SETTING_LABEL) as CareSetting[]).map((s) => (
              <option key={s} value={s}>
                {CARE_SETTING_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="grow">
          <span className="label">Find (patient, MRN, visit, provider) · /</span>
          <input ref={findRef} type="search" value={text} onChange={(e) => setText(e.target.value)} aria-label="Find in worklist" />
        </label>
        <p className="worklist-counts" aria-label="Worklist counts">
          {(['to-do', 'in-progress', 'on-hold', 'finished', 'synced', 'rejected'] as EncounterStatus[])
            .filter((s) => counts[s])
            .map((s) => `${counts[s]} ${STATUS_LABEL[s].toLowerCase()}`)
            .join(' · ') || 'No encounters'}
        </p>
      </div>
      <table className="worklist-table" aria-label="Encounters">
        <thead>
          <tr>
            <th>Status</th>
            <th>Date of service</th>
            <th>Setting</th>
            <th>Patient</th>
            <th>Visit</th>
            <th>Provider</th>
            <th>Waiting</th>
          </tr>
        </thead>
        <tbody ref={tableRef}>
          {shown.map((e, i) => (
            <tr
              key={e.id}
              data-index={i}
              data-id={e.id}
              tabIndex={i === active ? 0 : -1}
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onClick={() => setActive(i)}
              onDoubleClick={() => onOpen(e.id)}
              onFocus={() => setActive(i)}
            >
              <td>
                <span className={`status-badge ${e.status}`}>{STATUS_LABEL[e.status]}</span>
                {e.revision > 1 ? <span className="revision"> rev {e.revision}</span> : null}
                {e.hold ? <span className="hold-reason" title={e.hold.reason}> · {e.hold.reason}</span> : null}
                {e.status === 'finished' && activeSync() ? <span className="hold-reason"> · waiting to send</span> : null}
                {e.status === 'rejected' && e.syncReason ? (
                  <span className="hold-reason" title={e.syncReason}>
                    {' '}
                    · {e.syncReason.length > 60 ? `${e.syncReason.slice(0, 60)}…` : e.syncReason}
                  </span>
                ) : null}
              </td>
              <td className="nowrap">{e.setting === 'inpatient' && e.dischargeDate ? `${e.dateOfService} → ${e.dischargeDate}` : e.dateOfService}</td>
              <td>{CARE_SETTING_LABEL[e.setting]}</td>
              <td>
                {e.patient.name} <span className="muted nowrap">({ageOn(e.patient.birthDate, e.dateOfService)} {e.patient.sex[0].toUpperCase()})</span>
              </td>
              <td>{e.visit}</td>
              <td>{e.provider.name}</td>
              <td className="nowrap">{ageLabel(e.receivedAt, now)}</td>
            </tr>
          ))}
          {encounters && shown.length === 0 ? (
            <tr>
              <td colSpan={7} className="empty">
                Nothing matches these filters.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <p className="hint">
        <kbd>↑</kbd>/<kbd>↓</kbd> move · <kbd>Enter</kbd> open · <kbd>N</kbd> or <kbd>Ctrl+J</kbd> next to code · <kbd>/</kbd> find · <kbd>?</kbd> all keys
      </p>
    </section>
  );
}
