import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { displayCode, SYSTEM_LABEL } from '../../core/codesets/code-display';
import type { CodeSystem } from '../../core/codesets/types';
import type { EncounterCheck } from '../../core/coding/check-encounter';
import { addDiagnosis, addProcedure, assignsAsDiagnosis, linkEvidence, updateProcedure, type CodingChange } from '../../core/coding/coding-changes';
import { ageOn, CARE_SETTING_LABEL, codeSetDate, STATUS_LABEL, type Encounter, type EncounterRevision, type Evidence } from '../../core/coding/encounter';
import { revisionToBundle } from '../../core/fhir/revision-bundle';
import type { EditFinding } from '../../core/coding/edit-finding';
import type { CodeDetail } from '../../core/search/code-detail';
import type { LookupOptions, LookupResult } from '../../core/search/lookup-engine';
import { onCommand } from '../app/commands';
import { workstationDb } from '../db/database';
import { currentCoder } from '../encounters/coder';
import { finishEncounter, placeOnHold, recordOpened, releaseHold, reopenEncounter, saveChange } from '../encounters/encounter-store';
import { useEncounter, useRevisions } from '../encounters/useEncounters';
import { CodeDetailPanel } from '../search/CodeDetailPanel';
import { Highlighted } from '../search/Highlighted';
import { searchWorker } from '../search/search-worker-client';
import { useLookup } from '../search/useLookup';
import { documentsFromFiles } from '../documents/local-documents';
import { desktop } from '../platform';
import { activeSync } from '../sync/sync-service';
import { DiagnosisList } from './DiagnosisList';
import { DocumentPane, type EvidenceMark } from './DocumentPane';
import { AcknowledgeDialog, HoldDialog, ReleaseHoldDialog, ReopenDialog } from './EncounterDialogs';
import { FindingsList, isAcknowledged } from './FindingsList';
import { ProcedureLines } from './ProcedureLines';
import { SeventhCharacterPicker } from './SeventhCharacterPicker';
import { SplitView } from './SplitView';

type Dialog = { kind: 'hold' } | { kind: 'release' } | { kind: 'reopen' } | { kind: 'acknowledge'; warnings: EditFinding[]; check: EncounterCheck } | null;

interface Props {
  encounterId: string;
  codesetsReady: boolean;
  /** Open the next encounter to code (after Finish, or Ctrl+J). `finishedAt` times the hand-over. */
  onNext: (finished?: { patient: string; revision: number; pressedAt: number }) => void;
}

/**
 * The coding workspace: the documentation on the left, the lookup, the codes and the edits on
 * the right. Every change is saved as it is made; edits re-run after each one.
 */
export function EncounterScreen({ encounterId, codesetsReady, onNext }: Props) {
  const stored = useEncounter(encounterId);
  const revisions = useRevisions(encounterId);
  const coder = currentCoder();
  const db = workstationDb();

  // The encounter as the coder sees it: changes apply here at once and are written in order,
  // so fast typing never computes a change from a state that is still being saved.
  const [encounter, setEncounter] = useState<Encounter | null>(null);
  const latest = useRef<Encounter | null>(null);
  const writes = useRef<Promise<void>>(Promise.resolve());
  const pendingWrites = useRef(0);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!stored) return;
    // Take the stored state when it is newer than ours (first load, or a change made elsewhere).
    if (pendingWrites.current === 0 && (!latest.current || latest.current.id !== stored.id || stored.updatedAt >= latest.current.updatedAt)) {
      latest.current = stored;
      setEncounter(stored);
    }
  }, [stored]);

  useEffect(() => {
    void recordOpened(db, encounterId, coder);
  }, [db, encounterId, coder]);

  const apply = useCallback(
    (make: (e: Encounter) => CodingChange) => {
      if (!latest.current) return;
      const change = make(latest.current);
      if (change.encounter === latest.current) return;
      latest.current = change.encounter;
      setEncounter(change.encounter);
      pendingWrites.current++;
      setSaving(true);
      writes.current = writes.current
        .then(() => saveChange(db, change, coder))
        .finally(() => {
          if (--pendingWrites.current === 0) setSaving(false);
        });
    },
    [db, coder],
  );

  const readOnly = !encounter || encounter.status === 'finished' || encounter.status === 'synced' || encounter.status === 'on-hold';
  const date = encounter ? codeSetDate(encounter) : '';
  const systems: CodeSystem[] = encounter?.setting === 'inpatient' ? ['icd10cm', 'icd10pcs'] : ['icd10cm', 'hcpcs', 'cpt'];

  // Edits after every change.
  const [check, setCheck] = useState<EncounterCheck | null>(null);
  const [checking, setChecking] = useState(false);
  const checkKey = encounter ? JSON.stringify([encounter.coding, encounter.setting, encounter.dateOfService, encounter.dischargeDate]) : '';
  useEffect(() => {
    if (!latest.current) return;
    let current = true;
    setChecking(true);
    void searchWorker()
      .check(latest.current)
      .then((c) => {
        if (!current) return;
        setCheck(c);
        setChecking(false);
      });
    return () => {
      current = false;
    };
  }, [checkKey]);

  // The lookup.
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const options: LookupOptions = { date, limit: 25, systems };
  const { answer, ms } = useLookup(query, options, codesetsReady);
  const results = answer?.results ?? [];
  const focused: LookupResult | undefined = results[active];
  const [detail, setDetail] = useState<CodeDetail | null>(null);
  const [seventh, setSeventh] = useState<{ base: string; detail: CodeDetail; error: string | null } | null>(null);
  useEffect(() => setActive(0), [answer]);
  useEffect(() => {
    if (!focused) return setDetail(null);
    let current = true;
    void searchWorker()
      .detail(focused.system, focused.code, { date })
      .then((d) => current && setDetail(d));
    return () => {
      current = false;
    };
  }, [focused?.system, focused?.code, date]);

  const [selection, setSelection] = useState<Evidence | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const searchRef = useRef<HTMLInputElement>(null);
  const findRef = useRef<HTMLInputElement>(null);
  const dxRef = useRef<HTMLOListElement>(null);
  const linesRef = useRef<HTMLTableSectionElement>(null);
  const findingsRef = useRef<HTMLUListElement>(null);
  const resultsRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    resultsRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  // A new encounter starts with the cursor in the lookup.
  useEffect(() => {
    if (encounter?.id) searchRef.current?.focus();
  }, [encounter?.id]);

  const focusSearch = () => setTimeout(() => searchRef.current?.focus(), 0);

  /** Assign a code: diagnosis, procedure line, or modifier on the last line; the selected note text becomes its evidence. */
  const assign = async (code: { system: CodeSystem; code: string; billable: boolean; kind?: 'code' | 'modifier' }, codeDetail: CodeDetail | null) => {
    if (readOnly || !latest.current) return;
    const at = new Date().toISOString();
    if (code.kind === 'modifier') {
      const line = latest.current.coding.procedures.at(-1);
      if (!line) return setNotice(`${code.code} is a modifier: add a procedure line first.`);
      apply((e) => updateProcedure(e, line.id, { modifiers: [...(e.coding.procedures.find((p) => p.id === line.id)?.modifiers ?? []), code.code] }, at));
    } else if (code.system === 'icd10cm' && !code.billable && code.code.length < 7 && codeDetail?.tabular?.seventh) {
      setSeventh({ base: code.code, detail: codeDetail, error: null });
      return;
    } else if (assignsAsDiagnosis(code.system)) {
      apply((e) => addDiagnosis(e, code.code, at, selection ?? undefined));
    } else {
      apply((e) => addProcedure(e, code.system as 'cpt' | 'hcpcs' | 'icd10pcs', code.code, at, selection ?? undefined));
    }
    setSelection(null);
    setQuery('');
    setNotice(null);
    focusSearch();
  };

  const pickSeventh = async (full: string) => {
    const found = await searchWorker().detail('icd10cm', full, { date });
    if (!found || !found.billable) {
      setSeventh((s) => s && { ...s, error: `${displayCode('icd10cm', full)} is not a valid code on ${date}: choose a more specific code first (look for ${displayCode('icd10cm', seventh?.base ?? '')} with more characters).` });
      return;
    }
    setSeventh(null);
    await assign({ system: 'icd10cm', code: full, billable: true }, found);
  };

  const linkSelectionTo = (target: { kind: 'diagnosis' | 'procedure'; id: string }) => {
    if (!selection) return setNotice('Select text in the note first (mouse, or Alt+F to find it), then press E on the code.');
    const evidence = selection;
    apply((e) => linkEvidence(e, target, evidence, new Date().toISOString()));
    setSelection(null);
  };

  /** Add local documents (Alt+A): the picker opens within the key press, as browsers require. */
  const addDocuments = () => {
    if (!latest.current || readOnly) return;
    void desktop
      .pickDocuments()
      .then((files) => (files.length ? documentsFromFiles(files, coder, new Date().toISOString().slice(0, 10)) : []))
      .then((docs) => {
        if (!docs.length) return;
        apply((e) => ({
          encounter: { ...e, documents: [...e.documents, ...docs], status: e.status === 'to-do' ? 'in-progress' : e.status, updatedAt: new Date().toISOString() },
          audit: { action: 'document added', detail: docs.map((d) => `${d.title} (${d.text.length} characters${d.pdf ? ', PDF' : ''})`).join(', ') },
        }));
        setNotice(`Added ${docs.map((d) => d.title).join(', ')}: find it in the note tabs (Alt+]).`);
      })
      .catch((error: Error) => setNotice(`Not added: ${error.message}`));
  };

  const acknowledge = (finding: EditFinding) => {
    apply((e) => ({
      encounter: { ...e, acknowledgements: [...e.acknowledgements.filter((a) => a.key !== finding.key), { key: finding.key, message: finding.message, by: coder, at: new Date().toISOString() }], updatedAt: new Date().toISOString() },
      audit: { action: 'warning acknowledged', detail: `${finding.editId}: ${finding.message}` },
    }));
  };

  const completeFinish = async (c: EncounterCheck, pressedAt: number, acknowledgeAll: EditFinding[]) => {
    const enc = latest.current;
    if (!enc) return;
    await writes.current;
    const at = new Date().toISOString();
    const acks = [
      // Only acknowledgements of warnings still present count: a fixed warning needs none.
      ...enc.acknowledgements.filter((a) => c.findings.some((f) => f.key === a.key)),
      ...acknowledgeAll.map((f) => ({ key: f.key, message: f.message, by: coder, at })),
    ];
    // With a billing server set, the claim is built now, from the releases the edits used,
    // and queued in the same transaction as the revision.
    const sync = activeSync();
    const bundleFor = sync ? (r: EncounterRevision) => JSON.stringify(revisionToBundle(r, { coder: sync.settings.coder, releases: c.releases })) : undefined;
    const revision = await finishEncounter(db, enc.id, acks, coder, bundleFor);
    sync?.runner.kick();
    onNext({ patient: enc.patient.name, revision: revision.number, pressedAt });
  };

  const finish = async () => {
    if (!latest.current || dialog) return;
    if (readOnly) return setNotice(encounter?.status === 'on-hold' ? 'Release the hold (Alt+H) before finishing.' : 'This encounter is already finished; reopen it (Alt+O) to correct it.');
    const pressedAt = performance.now();
    await writes.current;
    const c = await searchWorker().check(latest.current);
    setCheck(c);
    const errors = c.findings.filter((f) => f.severity === 'error');
    if (errors.length) {
      setNotice(`Finish blocked: fix ${errors.length} error${errors.length === 1 ? '' : 's'} first (listed under Edits).`);
      findingsRef.current?.scrollIntoView({ block: 'nearest' });
      return;
    }
    const open = c.findings.filter((f) => f.severity === 'warning' && !isAcknowledged(latest.current!, f));
    if (open.length) return setDialog({ kind: 'acknowledge', warnings: open, check: c });
    await completeFinish(c, pressedAt, []);
  };

  // Menu commands (Ctrl+Enter finish, Ctrl+K search) and the workspace's own Alt keys.
  const finishRef = useRef(finish);
  finishRef.current = finish;
  useEffect(
    () =>
      onCommand((command) => {
        if (command === 'finish-encounter') void finishRef.current();
        else if (command === 'focus-search') focusSearch();
      }),
    [],
  );
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || dialog) return;
      const key = e.key.toLowerCase();
      if (key === 'f') findRef.current?.focus();
      else if (key === 'd') dxRef.current?.querySelector<HTMLElement>('li')?.focus();
      else if (key === 'p') linesRef.current?.querySelector<HTMLElement>('input:not([disabled])')?.focus();
      else if (key === 'a') addDocuments();
      else if (key === 'e') (findingsRef.current?.querySelector<HTMLElement>('button') ?? findingsRef.current)?.focus();
      else if (key === 'h' && latest.current) {
        if (latest.current.status === 'on-hold') setDialog({ kind: 'release' });
        else if (!readOnly) setDialog({ kind: 'hold' });
      } else if (key === 'o' && latest.current && (latest.current.status === 'finished' || latest.current.status === 'synced' || latest.current.status === 'rejected')) setDialog({ kind: 'reopen' });
      else if (key === 'l' && selection) {
        setQuery(selection.text);
        focusSearch();
      } else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dialog, readOnly, selection]);

  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') setActive((i) => Math.min(results.length - 1, i + 1));
    else if (e.key === 'ArrowUp') setActive((i) => Math.max(0, i - 1));
    else if (e.key === 'PageDown') setActive((i) => Math.min(results.length - 1, i + 10));
    else if (e.key === 'PageUp') setActive((i) => Math.max(0, i - 10));
    else if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && focused) void assign(focused, detail && detail.code === focused.code ? detail : null);
    else if (e.key === 'Escape') {
      if (seventh) setSeventh(null);
      else setQuery('');
    } else return;
    e.preventDefault();
  };

  const evidenceMarks: EvidenceMark[] = useMemo(() => {
    if (!encounter) return [];
    const marks: EvidenceMark[] = [];
    for (const d of encounter.coding.diagnoses) for (const ev of d.evidence) marks.push({ ...ev, label: displayCode('icd10cm', d.code) });
    for (const p of encounter.coding.procedures) for (const ev of p.evidence) marks.push({ ...ev, label: displayCode(p.system, p.code) });
    return marks;
  }, [encounter]);

  if (stored === null) return <section className="screen">This encounter is not on this workstation.</section>;
  if (!encounter) return <section className="screen">Opening…</section>;

  const p = encounter.patient;
  const left = <DocumentPane documents={encounter.documents} searchTerms={query} evidence={evidenceMarks} selection={selection} onSelection={setSelection} onLookUp={(t) => (setQuery(t), focusSearch())} findRef={findRef} onAddDocuments={readOnly ? undefined : addDocuments} />;
  const right = (
    <section className="coding-panel" aria-label="Coding">
      <div className="coding-search">
        <input
          ref={searchRef}
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onSearchKey}
          disabled={readOnly}
          placeholder={readOnly ? 'Read only' : `Look up ${systems.map((s) => SYSTEM_LABEL[s]).join(', ')} · Enter assigns`}
          aria-label="Search codes"
          aria-controls="coding-results"
          aria-activedescendant={focused ? `coding-result-${active}` : undefined}
          autoComplete="off"
          spellCheck={false}
        />
        <span className="muted small">{ms !== null && query ? `${results.length} in ${ms.toFixed(1)} ms` : `codes for ${date}`}</span>
      </div>
      {seventh?.detail.tabular?.seventh ? <SeventhCharacterPicker base={seventh.base} seventh={seventh.detail.tabular.seventh} error={seventh.error} onPick={(c) => void pickSeventh(c)} onCancel={() => (setSeventh(null), focusSearch())} /> : null}
      {query && results.length ? (
        <div className="coding-lookup">
          <ul id="coding-results" ref={resultsRef} className="results-list compact" role="listbox" aria-label="Results">
            {results.map((r, i) => (
              <li key={`${r.system}:${r.code}`} id={`coding-result-${i}`} role="option" aria-selected={i === active} className={i === active ? 'result active' : 'result'} data-code={r.code} onMouseDown={(e) => (e.preventDefault(), setActive(i))} onDoubleClick={() => void assign(r, detail)}>
                <span className="code">{r.display}</span>
                <span className="title">
                  <Highlighted text={r.title} spans={r.matched} />
                </span>
                <span className="tags">{r.kind === 'modifier' ? <span className="badge modifier">Modifier</span> : r.billable ? <span className="badge billable">Billable</span> : <span className="badge header">Header</span>}</span>
              </li>
            ))}
          </ul>
          <CodeDetailPanel detail={detail} pinned={false} />
        </div>
      ) : query && answer ? (
        <p className="muted">No codes found for “{query}”.</p>
      ) : null}
      <DiagnosisList encounter={encounter} check={check} readOnly={readOnly} onChange={apply} onLinkEvidence={(id) => linkSelectionTo({ kind: 'diagnosis', id })} listRef={dxRef} />
      <ProcedureLines encounter={encounter} check={check} readOnly={readOnly} onChange={apply} tableRef={linesRef} />
      <FindingsList encounter={encounter} check={check} checking={checking} readOnly={readOnly} onAcknowledge={acknowledge} listRef={findingsRef} />
    </section>
  );

  return (
    <section className="screen encounter" aria-label="Encounter">
      <header className="encounter-head">
        <div>
          <strong className="patient">{p.name}</strong> <span className="muted">{p.mrn}</span> · {ageOn(p.birthDate, encounter.dateOfService)} y {p.sex} · DOB {p.birthDate}
        </div>
        <div>
          {encounter.visit} · {CARE_SETTING_LABEL[encounter.setting]} · {encounter.setting === 'inpatient' ? `${encounter.dateOfService} → ${encounter.dischargeDate ?? '?'}` : encounter.dateOfService} · {encounter.provider.name} ({encounter.provider.specialty})
        </div>
        <div className="encounter-state">
          <span className={`status-badge ${encounter.status}`} aria-label="Encounter status">
            {STATUS_LABEL[encounter.status]}
          </span>{' '}
          <span aria-label="Revision">Revision {encounter.revision}</span>
          {revisions?.length ? <span className="muted"> · finished: {revisions.map((r) => `rev ${r.number} ${r.finishedAt.slice(0, 16).replace('T', ' ')} (${r.encounter.coding.diagnoses.map((d) => displayCode('icd10cm', d.code)).join(', ')})`).join('; ')}</span> : null}
          <span className="save-state" role="status" aria-label="Save state">
            {saving ? 'Saving…' : 'All changes saved'}
          </span>
        </div>
      </header>
      {encounter.hold ? (
        <div className="hold-banner" role="note">
          On hold: {encounter.hold.reason} ({encounter.hold.by}, {encounter.hold.at.slice(0, 16).replace('T', ' ')}){encounter.hold.query ? <> · Query to {encounter.hold.query.to}: “{encounter.hold.query.question}”</> : null} · <kbd>Alt+H</kbd> release
        </div>
      ) : null}
      {encounter.documentAlerts?.length ? (
        <div className="hold-banner" role="note" aria-label="Changed notes">
          Changed on the server after you started:{' '}
          {encounter.documentAlerts.map((a) => `${a.title} (version ${a.fromVersion || 'new'} → ${a.toVersion})`).join(', ')}. Re-read before relying on the codes.{' '}
          <button
            type="button"
            onClick={() =>
              apply((e) => ({
                encounter: { ...e, documentAlerts: [], updatedAt: new Date().toISOString() },
                audit: { action: 'changed notes re-read', detail: (e.documentAlerts ?? []).map((a) => `${a.title} v${a.toVersion}`).join(', ') },
              }))
            }
          >
            I have re-read them
          </button>
        </div>
      ) : null}
      {encounter.syncReason && (encounter.status === 'rejected' || encounter.status === 'finished') ? (
        <div className="notice error" role="note" aria-label="Server's reason">
          The billing server did not accept revision {encounter.revision}: {encounter.syncReason} Reopen it (Alt+O), fix it and finish again to resend.
        </div>
      ) : null}
      {notice ? (
        <div className="notice" role="alert">
          {notice}
        </div>
      ) : null}
      <SplitView left={left} right={right} />
      <footer className="encounter-actions">
        <button type="button" className="primary" onClick={() => void finish()} disabled={readOnly}>
          Finish <kbd>Ctrl+Enter</kbd>
        </button>
        <button type="button" onClick={() => setDialog(encounter.status === 'on-hold' ? { kind: 'release' } : { kind: 'hold' })} disabled={encounter.status === 'finished' || encounter.status === 'synced'}>
          {encounter.status === 'on-hold' ? 'Release hold' : 'Hold / query'} <kbd>Alt+H</kbd>
        </button>
        <button type="button" onClick={() => setDialog({ kind: 'reopen' })} disabled={!(encounter.status === 'finished' || encounter.status === 'synced' || encounter.status === 'rejected')}>
          Reopen <kbd>Alt+O</kbd>
        </button>
        <button type="button" onClick={() => onNext()}>
          Next encounter <kbd>Ctrl+J</kbd>
        </button>
        <span className="muted small">
          <kbd>Alt+F</kbd> find in note · <kbd>Alt+L</kbd> look up selection · <kbd>Alt+D</kbd> diagnoses · <kbd>Alt+P</kbd> lines · <kbd>Alt+E</kbd> edits · <kbd>?</kbd> all keys
        </span>
      </footer>
      {dialog?.kind === 'hold' ? (
        <HoldDialog
          provider={encounter.provider.name}
          onCancel={() => setDialog(null)}
          onHold={(reason, question) => {
            setDialog(null);
            void writes.current.then(() => placeOnHold(db, encounter.id, question ? { reason, query: { question, to: encounter.provider.name, askedAt: '', askedBy: '' } } : { reason }, coder));
          }}
        />
      ) : null}
      {dialog?.kind === 'release' ? (
        <ReleaseHoldDialog
          question={encounter.hold?.query?.question}
          onCancel={() => setDialog(null)}
          onRelease={(answer) => {
            setDialog(null);
            void releaseHold(db, encounter.id, coder, answer).then(focusSearch);
          }}
        />
      ) : null}
      {dialog?.kind === 'reopen' ? (
        <ReopenDialog
          revision={encounter.revision}
          onCancel={() => setDialog(null)}
          onReopen={(reason) => {
            setDialog(null);
            void reopenEncounter(db, encounter.id, reason, coder).then(focusSearch);
          }}
        />
      ) : null}
      {dialog?.kind === 'acknowledge' ? (
        <AcknowledgeDialog
          warnings={dialog.warnings}
          onCancel={() => (setDialog(null), focusSearch())}
          onAcknowledge={() => {
            const { check: c, warnings } = dialog;
            setDialog(null);
            void completeFinish(c, performance.now(), warnings);
          }}
        />
      ) : null}
    </section>
  );
}
