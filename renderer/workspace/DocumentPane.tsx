import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { ClinicalDocument, Evidence } from '../../core/coding/encounter';
import { PdfView } from '../documents/PdfView';
import { findInNote, headingRanges, segmentNote, termRanges, type MarkedRange } from '../../core/coding/note-text';

export interface EvidenceMark {
  documentId: string;
  start: number;
  end: number;
  /** The codes the span supports, shown on hover and read by screen readers. */
  label: string;
}

interface Props {
  documents: ClinicalDocument[];
  /** The lookup's query: its words are marked in the note. */
  searchTerms: string;
  evidence: EvidenceMark[];
  /** The span the coder selected (by mouse or the find box): assigning a code links it. */
  selection: Evidence | null;
  onSelection: (selection: Evidence | null) => void;
  /** Look up the selected text (Alt+L). */
  onLookUp: (text: string) => void;
  findRef: React.RefObject<HTMLInputElement | null>;
  /** Add local documents (text or PDF) to the encounter (Alt+A); absent when read-only. */
  onAddDocuments?: () => void;
}

/**
 * The provider's documentation: one tab per note, the text as written with its section
 * headings, the lookup's words and the evidence of assigned codes marked. Text selected here
 * (with the mouse, or with the find box from the keyboard) becomes the evidence of the next
 * code assigned, and Alt+L looks it up.
 */
export function DocumentPane({ documents, searchTerms, evidence, selection, onSelection, onLookUp, findRef, onAddDocuments }: Props) {
  const [showPdf, setShowPdf] = useState(false);
  const [tab, setTab] = useState(0);
  const [find, setFind] = useState('');
  const [findIndex, setFindIndex] = useState(0);
  const textRef = useRef<HTMLDivElement>(null);
  const doc = documents[Math.min(tab, documents.length - 1)];

  const matches = useMemo(() => (doc ? findInNote(doc.text, find) : []), [doc, find]);
  const ranges = useMemo(() => {
    if (!doc) return [];
    const r: MarkedRange[] = [...headingRanges(doc.text), ...termRanges(doc.text, searchTerms)];
    for (const e of evidence) if (e.documentId === doc.id) r.push({ kind: 'evidence', start: e.start, end: e.end, label: e.label });
    if (selection && selection.documentId === doc.id) r.push({ kind: 'found', start: selection.start, end: selection.end });
    return r;
  }, [doc, searchTerms, evidence, selection]);
  const segments = useMemo(() => (doc ? segmentNote(doc.text.length, ranges) : []), [doc, ranges]);

  // Alt+[ / Alt+] switch notes, from anywhere in the encounter; Alt+V shows a PDF as laid out or as text.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.altKey && e.key.toLowerCase() === 'v') {
        e.preventDefault();
        setShowPdf((v) => !v);
        return;
      }
      if (!e.altKey || (e.key !== '[' && e.key !== ']')) return;
      e.preventDefault();
      setTab((t) => (e.key === ']' ? Math.min(documents.length - 1, t + 1) : Math.max(0, t - 1)));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [documents.length]);

  useEffect(() => {
    textRef.current?.querySelector('.found')?.scrollIntoView({ block: 'center' });
  }, [selection]);

  /** A mouse selection inside the note, mapped back to the note's own character offsets. */
  const onMouseUp = () => {
    const sel = window.getSelection();
    if (!doc || !sel || sel.isCollapsed || !textRef.current) return;
    const offset = (node: Node | null, within: number) => {
      const el = node instanceof Element ? node : node?.parentElement;
      const seg = el?.closest<HTMLElement>('[data-start]');
      return seg ? Number(seg.dataset.start) + within : null;
    };
    const a = offset(sel.anchorNode, sel.anchorOffset);
    const b = offset(sel.focusNode, sel.focusOffset);
    if (a === null || b === null) return;
    const [start, end] = a < b ? [a, b] : [b, a];
    const text = doc.text.slice(start, end);
    if (text.trim()) onSelection({ documentId: doc.id, start, end, text });
  };

  const selectMatch = (i: number) => {
    if (!doc || matches.length === 0) return;
    const m = matches[((i % matches.length) + matches.length) % matches.length];
    setFindIndex(i);
    onSelection({ documentId: doc.id, start: m.start, end: m.end, text: doc.text.slice(m.start, m.end) });
  };

  const onFindKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') selectMatch(e.shiftKey ? findIndex - 1 : selection && find ? findIndex + 1 : 0);
    else if (e.key === 'Escape') {
      setFind('');
      onSelection(null);
    } else if (e.altKey && e.key.toLowerCase() === 'l' && selection) onLookUp(selection.text);
    else return;
    e.preventDefault();
  };

  if (!doc) return <section className="documents empty">This encounter has no documentation.</section>;
  return (
    <section className="documents" aria-label="Documentation">
      <div className="doc-tabs" role="tablist" aria-label="Notes">
        {documents.map((d, i) => (
          <button key={d.id} type="button" role="tab" aria-selected={d === doc} className={d === doc ? 'doc-tab current' : 'doc-tab'} onClick={() => setTab(i)} title={`${d.author}, ${d.date}`}>
            {d.title}
          </button>
        ))}
        {onAddDocuments ? (
          <button type="button" className="doc-tab add" onClick={onAddDocuments} title="Add a text or PDF document from this computer (Alt+A)">
            + Document
          </button>
        ) : null}
        <span className="doc-tabs-hint">{documents.length > 1 ? 'Alt+[ / Alt+]' : ''}</span>
      </div>
      <div className="doc-find">
        <input
          ref={findRef}
          type="search"
          value={find}
          onChange={(e) => {
            setFind(e.target.value);
            setFindIndex(0);
          }}
          onKeyDown={onFindKey}
          placeholder="Find in note (Alt+F), Enter selects"
          aria-label="Find in note"
        />
        <span className="muted" aria-live="polite">
          {find ? `${matches.length ? ((findIndex % matches.length) + matches.length) % matches.length + 1 : 0} of ${matches.length}` : ''}
        </span>
        {selection ? (
          <span className="selection-chip" aria-label="Selected evidence">
            Evidence: “{selection.text.length > 40 ? `${selection.text.slice(0, 40)}…` : selection.text}” <kbd>Alt+L</kbd> look up
          </span>
        ) : null}
      </div>
      <div className="doc-meta">
        {doc.author} · {doc.date} · {doc.text.length.toLocaleString()} characters{doc.source === 'local' ? ' · added on this workstation' : ''}
        {doc.pdf ? (
          <button type="button" className="link-button" onClick={() => setShowPdf((v) => !v)} aria-pressed={showPdf}>
            {showPdf ? 'Show text (find, evidence)' : 'Show PDF'} <kbd>Alt+V</kbd>
          </button>
        ) : null}
      </div>
      {doc.pdf && showPdf ? <PdfView name={doc.pdf.name} bytes={doc.pdf.bytes} /> : null}
      <div hidden={Boolean(doc.pdf && showPdf)} className="doc-text" ref={textRef} onMouseUp={onMouseUp} tabIndex={0} aria-label={`Note: ${doc.title}`}>
        {segments.map((s) => {
          const text = doc.text.slice(s.start, s.end);
          if (s.marks.length === 0) return <span key={s.start} data-start={s.start}>{text}</span>;
          const kinds = new Set(s.marks.map((m) => m.kind));
          const label = s.marks.find((m) => m.kind === 'evidence')?.label;
          const className = [...kinds].join(' ');
          return kinds.has('evidence') || kinds.has('term') || kinds.has('found') ? (
            <mark key={s.start} data-start={s.start} className={className} title={label ? `Evidence for ${label}` : undefined}>
              {text}
            </mark>
          ) : (
            <span key={s.start} data-start={s.start} className={className}>
              {text}
            </span>
          );
        })}
      </div>
    </section>
  );
}
