import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { EditFinding } from '../../core/coding/edit-finding';

/** A modal dialog that takes the focus, closes on Escape and submits on Ctrl+Enter. */
function Dialog({ title, children, onCancel, onSubmit, submitLabel }: { title: string; children: ReactNode; onCancel: () => void; onSubmit: () => void; submitLabel: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('textarea, input, select, button.primary')?.focus();
  }, []);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') onCancel();
    else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) onSubmit();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="dialog" aria-modal="true" aria-label={title} ref={ref} onKeyDown={onKeyDown}>
        <h2>{title}</h2>
        {children}
        <div className="dialog-actions">
          <button type="button" onClick={onCancel}>
            Cancel <kbd>Esc</kbd>
          </button>
          <button type="button" className="primary" onClick={onSubmit}>
            {submitLabel} <kbd>Ctrl+Enter</kbd>
          </button>
        </div>
      </div>
    </div>
  );
}

export const HOLD_REASONS = ['Documentation does not support a code', 'Conflicting documentation', 'Missing documentation or results', 'Awaiting provider signature', 'Other'];

/** Put the encounter on hold with a reason, and optionally the question for the provider. */
export function HoldDialog({ provider, onCancel, onHold }: { provider: string; onCancel: () => void; onHold: (reason: string, question: string) => void }) {
  const [reason, setReason] = useState(HOLD_REASONS[0]);
  const [question, setQuestion] = useState('');
  return (
    <Dialog title="Place on hold" onCancel={onCancel} onSubmit={() => onHold(reason, question.trim())} submitLabel="Hold">
      <label>
        <span className="label">Reason</span>
        <select value={reason} onChange={(e) => setReason(e.target.value)} aria-label="Hold reason">
          {HOLD_REASONS.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </label>
      <label>
        <span className="label">Query for {provider} (optional): ask a non-leading question</span>
        <textarea value={question} onChange={(e) => setQuestion(e.target.value)} rows={5} aria-label="Provider query" placeholder="Please clarify the laterality of the ankle sprain documented in the ED note." />
      </label>
    </Dialog>
  );
}

/** Release a hold, recording the provider's answer when there was a query. */
export function ReleaseHoldDialog({ question, onCancel, onRelease }: { question?: string; onCancel: () => void; onRelease: (answer: string) => void }) {
  const [answer, setAnswer] = useState('');
  return (
    <Dialog title="Release hold" onCancel={onCancel} onSubmit={() => onRelease(answer.trim())} submitLabel="Release">
      {question ? <p className="query-text">Query: {question}</p> : null}
      <label>
        <span className="label">Provider’s answer or note (optional)</span>
        <textarea value={answer} onChange={(e) => setAnswer(e.target.value)} rows={4} aria-label="Provider answer" />
      </label>
    </Dialog>
  );
}

/** Warnings still open at Finish: the coder acknowledges them all (recorded) or goes back. */
export function AcknowledgeDialog({ warnings, onCancel, onAcknowledge }: { warnings: EditFinding[]; onCancel: () => void; onAcknowledge: () => void }) {
  return (
    <Dialog title={`Acknowledge ${warnings.length} warning${warnings.length === 1 ? '' : 's'} to finish`} onCancel={onCancel} onSubmit={onAcknowledge} submitLabel="Acknowledge and finish">
      <ul className="dialog-findings">
        {warnings.map((w) => (
          <li key={w.key}>
            {w.message} <span className="source">Source: {w.source}</span>
          </li>
        ))}
      </ul>
      <p className="muted">Your name and the time are recorded with each acknowledgement in the finished revision.</p>
    </Dialog>
  );
}

/** Reopen a finished encounter as a new revision; the finished one is kept unchanged. */
export function ReopenDialog({ revision, onCancel, onReopen }: { revision: number; onCancel: () => void; onReopen: (reason: string) => void }) {
  const [reason, setReason] = useState('');
  return (
    <Dialog title={`Reopen as revision ${revision + 1}`} onCancel={onCancel} onSubmit={() => onReopen(reason.trim())} submitLabel="Reopen">
      <p>Revision {revision} stays as it was finished. The correction becomes revision {revision + 1}.</p>
      <label>
        <span className="label">Reason for the correction</span>
        <input value={reason} onChange={(e) => setReason(e.target.value)} aria-label="Reopen reason" placeholder="Late entry from provider; laterality corrected" />
      </label>
    </Dialog>
  );
}
