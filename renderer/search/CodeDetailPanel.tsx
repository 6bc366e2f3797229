import { SYSTEM_LABEL } from '../../core/codesets/code-display';
import type { TabularNoteKind } from '../../core/codesets/tabular-xml';
import type { CodeDetail } from '../../core/search/code-detail';

/** Coder-facing names of the Tabular's instructional notes, in the order coders read them. */
const NOTE_LABELS: [TabularNoteKind, string][] = [
  ['codeFirst', 'Code first'],
  ['useAdditionalCode', 'Use additional code'],
  ['codeAlso', 'Code also'],
  ['excludes1', 'Excludes1'],
  ['excludes2', 'Excludes2'],
  ['includes', 'Includes'],
  ['inclusionTerm', 'Inclusion terms'],
  ['notes', 'Notes'],
];

/** The picked code in context: release, Tabular chain, every note in effect, 7th characters. */
export function CodeDetailPanel({ detail, pinned }: { detail: CodeDetail | null; pinned: boolean }) {
  if (!detail) return <aside className="detail empty" aria-label="Code detail">Move through the results to see a code’s Tabular context and notes.</aside>;
  const t = detail.tabular;
  return (
    <aside className={pinned ? 'detail pinned' : 'detail'} aria-label="Code detail">
      <div className="detail-head">
        <span className="code big">{detail.display}</span>
        {detail.kind === 'modifier' ? <span className="badge modifier">Modifier</span> : detail.billable ? <span className="badge billable">Billable</span> : <span className="badge header">Header — not billable</span>}
        <span className="release">
          {SYSTEM_LABEL[detail.system]} {detail.version}
        </span>
      </div>
      <h2>{detail.title}</h2>
      {detail.hcc ? (
        <p className="hcc-line">
          <span className="badge hcc">HCC {detail.hcc.categories.join(', ')}</span> risk-adjustment category ({detail.hcc.release})
        </p>
      ) : detail.system === 'icd10cm' && detail.billable ? (
        <p className="hcc-line muted">No CMS-HCC V28 category</p>
      ) : null}
      {pinned ? <p className="picked" role="status">Picked {detail.display}</p> : null}
      {t ? (
        <section aria-label="Tabular context">
          <div className="source">Tabular List {t.version}</div>
          {t.chapter ? (
            <div className="chain">
              Chapter {t.chapter.number}: {t.chapter.title} ({t.chapter.range})
              {t.section ? ` › ${t.section.title} (${t.section.id})` : ''}
            </div>
          ) : null}
          <ol className="chain-codes">
            {t.chain.map((c) => (
              <li key={c.code}>
                <span className="code">{c.display}</span> {c.title}
              </li>
            ))}
          </ol>
          {t.seventhMeaning ? <p className="seventh-meaning">7th character: {t.seventhMeaning}</p> : null}
          {NOTE_LABELS.map(([kind, label]) => {
            const notes = t.notes.filter((n) => n.kind === kind);
            if (notes.length === 0) return null;
            return (
              <div key={kind} className={`note ${kind}`}>
                <h3>{label}</h3>
                {notes.map((n, i) => (
                  <div key={i}>
                    <ul>
                      {n.texts.map((text, j) => (
                        <li key={j}>{text}</li>
                      ))}
                    </ul>
                    {n.level !== 'code' ? <div className="from">from {n.from}</div> : null}
                  </div>
                ))}
              </div>
            );
          })}
          {t.seventh ? (
            <div className="note seventh">
              <h3>7th characters (from {t.seventh.from})</h3>
              <table>
                <tbody>
                  {t.seventh.characters.map((c) => (
                    <tr key={c.char}>
                      <td className="code">{c.char}</td>
                      <td>{c.meaning}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </section>
      ) : null}
      {detail.indexTerms.length ? (
        <section className="note" aria-label="Alphabetic Index">
          <h3>Alphabetic Index {detail.indexVersion}</h3>
          <ul>
            {detail.indexTerms.map((term) => (
              <li key={term}>{term}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </aside>
  );
}
