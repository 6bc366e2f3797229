import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { SYSTEM_LABEL } from '../../core/codesets/code-display';
import type { CodeSystem } from '../../core/codesets/types';
import type { CodeDetail } from '../../core/search/code-detail';
import type { LookupOptions } from '../../core/search/lookup-engine';
import { useSearchStatus } from '../hooks/useSearchStatus';
import { CodeDetailPanel } from './CodeDetailPanel';
import { Highlighted } from './Highlighted';
import { searchWorker } from './search-worker-client';
import { useLookup } from './useLookup';

/** Today as YYYY-MM-DD in the coder's time zone (a date of service is a local date). */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const SYSTEM_CHOICES: { value: '' | CodeSystem; label: string }[] = [
  { value: '', label: 'All code sets' },
  { value: 'icd10cm', label: 'ICD-10-CM' },
  { value: 'hcpcs', label: 'HCPCS' },
  { value: 'icd10pcs', label: 'ICD-10-PCS' },
  { value: 'cpt', label: 'CPT' },
];

/**
 * Code lookup: type codes, words, abbreviations or misspellings; the answer follows every
 * keystroke. Arrow keys move through the results (the detail follows), Enter picks, Escape
 * goes back to the search box.
 */
export function LookupScreen({ codesetsReady }: { codesetsReady: boolean }) {
  const status = useSearchStatus();
  const [query, setQuery] = useState('');
  const [dateOfService, setDateOfService] = useState(today);
  const [system, setSystem] = useState<'' | CodeSystem>('');
  const [billableOnly, setBillableOnly] = useState(false);
  const [active, setActive] = useState(0);
  const [detail, setDetail] = useState<CodeDetail | null>(null);
  const [pinned, setPinned] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);

  const options: LookupOptions = { date: dateOfService, limit: 25, billableOnly, ...(system ? { systems: [system] } : {}) };
  const optionsKey = JSON.stringify(options);

  useEffect(() => inputRef.current?.focus(), []);

  const { answer, ms } = useLookup(query, options, codesetsReady);
  useEffect(() => {
    setActive(0);
    setPinned(false);
  }, [answer]);

  const results = answer?.results ?? [];
  const focused = results[active];
  useEffect(() => {
    if (!focused) {
      setDetail(null);
      return;
    }
    let current = true;
    searchWorker()
      .detail(focused.system, focused.code, JSON.parse(optionsKey) as LookupOptions)
      .then((d) => current && setDetail(d));
    return () => {
      current = false;
    };
  }, [focused?.system, focused?.code, optionsKey]);

  useEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') setActive((i) => Math.min(results.length - 1, i + 1));
    else if (e.key === 'ArrowUp') setActive((i) => Math.max(0, i - 1));
    else if (e.key === 'PageDown') setActive((i) => Math.min(results.length - 1, i + 10));
    else if (e.key === 'PageUp') setActive((i) => Math.max(0, i - 10));
    else if (e.key === 'Enter' && focused) setPinned(true);
    else if (e.key === 'Escape') {
      setPinned(false);
      if (!pinned) setQuery('');
    } else return;
    e.preventDefault();
  };

  return (
    <section className="screen lookup" aria-label="Code lookup">
      <div className="lookup-bar">
        <label className="grow">
          <span className="label">Look up a code — words, abbreviations, misspellings or a code</span>
          <input
            ref={inputRef}
            type="search"
            value={query}
            placeholder={
              status.status === 'ready'
                ? 'diabetes type 2 hyperglycemia · CHF · broken wrist · E11.65 · A4253'
                : codesetsReady
                  ? 'Preparing word search… type a code meanwhile (E11.65, A4253)'
                  : 'Preparing the lookup: the code sets are being installed…'
            }
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={onKeyDown}
            aria-label="Search codes"
            aria-controls="lookup-results"
            aria-activedescendant={focused ? `result-${active}` : undefined}
            autoComplete="off"
            spellCheck={false}
          />
        </label>
        <label>
          <span className="label">Code set</span>
          <select value={system} onChange={(e) => setSystem(e.target.value as '' | CodeSystem)} aria-label="Code set">
            {SYSTEM_CHOICES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="label">Date of service</span>
          <input type="date" value={dateOfService} onChange={(e) => setDateOfService(e.target.value || today())} aria-label="Date of service" />
        </label>
        <label className="check">
          <input type="checkbox" checked={billableOnly} onChange={(e) => setBillableOnly(e.target.checked)} /> Billable only
        </label>
      </div>
      <div className="lookup-meta" role="status" aria-label="Lookup status">
        {!codesetsReady ? 'The lookup opens when the code sets are installed.' : null}
        {codesetsReady && (status.status === 'building' || status.status === 'idle') ? 'Preparing word search… codes can be typed already.' : null}
        {status.status === 'failed' ? `The lookup could not start: ${status.message}` : null}
        {status.status === 'ready' && answer && query && ms !== null ? (
          <>
            {results.length} result{results.length === 1 ? '' : 's'} in {ms?.toFixed(1)} ms
            {answer.corrections.length ? ` · searched for ${answer.corrections.map((c) => `“${c.searched}”`).join(', ')}` : ''}
          </>
        ) : null}
      </div>
      <div className="lookup-body">
        <ul id="lookup-results" ref={listRef} className="results-list" role="listbox" aria-label="Results">
          {results.map((r, i) => (
            <li
              key={`${r.system}:${r.code}`}
              id={`result-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'result active' : 'result'}
              data-code={r.code}
              onMouseDown={(e) => {
                e.preventDefault();
                setActive(i);
                setPinned(true);
              }}
            >
              <span className="code">{r.display}</span>
              <span className="title">
                <Highlighted text={r.title} spans={r.matched} />
                {r.indexTerm ? <span className="via">Index: {r.indexTerm}</span> : null}
              </span>
              <span className="tags">
                {r.kind === 'modifier' ? <span className="badge modifier">Modifier</span> : r.billable ? <span className="badge billable">Billable</span> : <span className="badge header">Header</span>}
                <span className="release">
                  {SYSTEM_LABEL[r.system]} {r.version}
                </span>
              </span>
            </li>
          ))}
          {query && answer && results.length === 0 ? <li className="empty">No codes found for “{query}”.</li> : null}
        </ul>
        <CodeDetailPanel detail={detail} pinned={pinned} />
      </div>
    </section>
  );
}
