import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { SYSTEM_LABEL } from '../../core/codesets/code-display';
import { workstationDb } from '../db/database';
import { findCodesByPrefix, type PrefixLookup } from './find-codes-by-prefix';

/** Today as YYYY-MM-DD in the coder's time zone (a date of service is a local date). */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Type a code or the start of one; see the matching codes of the release in effect. */
export function CodeLookupScreen({ ready }: { ready: boolean }) {
  const [query, setQuery] = useState('');
  const [dateOfService, setDateOfService] = useState(today);
  const [result, setResult] = useState<PrefixLookup | null>(null);
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => inputRef.current?.focus(), []);

  useEffect(() => {
    if (!ready) return;
    let current = true;
    findCodesByPrefix(workstationDb(), query, dateOfService).then((r) => {
      // Only the answer to the latest keystroke is shown; earlier ones may arrive late.
      if (current) {
        setResult(r);
        setActive(0);
      }
    });
    return () => {
      current = false;
    };
  }, [query, dateOfService, ready]);

  const matches = result?.matches ?? [];
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') setActive((i) => Math.min(matches.length - 1, i + 1));
    else if (e.key === 'ArrowUp') setActive((i) => Math.max(0, i - 1));
    else return;
    e.preventDefault();
  };

  return (
    <section className="screen lookup" aria-label="Code lookup">
      <div className="lookup-bar">
        <label className="grow">
          <span className="label">Code</span>
          <input
            ref={inputRef}
            type="search"
            value={query}
            placeholder={ready ? 'Type a code or its start: E11.65, e1165, S52.5, A4253' : 'Code sets are loading…'}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={onKeyDown}
            aria-label="Code or code prefix"
            autoComplete="off"
            spellCheck={false}
          />
        </label>
        <label>
          <span className="label">Date of service</span>
          <input type="date" value={dateOfService} onChange={(e) => setDateOfService(e.target.value || today())} aria-label="Date of service" />
        </label>
      </div>
      {result?.notInstalled.length ? (
        <p className="notice" role="status">
          No release in effect on {dateOfService} for: {result.notInstalled.map((s) => SYSTEM_LABEL[s]).join(', ')}.
        </p>
      ) : null}
      {query && ready && matches.length === 0 ? <p className="empty">No code starts with “{query}”.</p> : null}
      {matches.length > 0 ? (
        <table className="results" aria-label="Matching codes">
          <thead>
            <tr>
              <th>Code</th>
              <th>Description</th>
              <th>Type</th>
              <th>Code set</th>
            </tr>
          </thead>
          <tbody>
            {matches.map((m, i) => (
              <tr key={`${m.releaseId}:${m.code}`} className={i === active ? 'active' : undefined} aria-selected={i === active} data-code={m.code}>
                <td className="code">{m.display}</td>
                <td>
                  {m.title}
                  {m.terminatedOn ? <span className="terminated"> (terminated {m.terminatedOn})</span> : null}
                </td>
                <td>
                  {m.kind === 'modifier' ? (
                    <span className="badge modifier">Modifier</span>
                  ) : m.billable ? (
                    <span className="badge billable">Billable</span>
                  ) : (
                    <span className="badge header">Header</span>
                  )}
                </td>
                <td className="release">
                  {SYSTEM_LABEL[m.system]} {m.version}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
