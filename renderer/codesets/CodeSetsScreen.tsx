import { SYSTEM_LABEL } from '../../core/codesets/code-display';
import { useCodesets } from '../hooks/useCodesets';
import { useInstalledReleases } from '../hooks/useInstalledReleases';
import { desktop } from '../platform';
import { codesetsWorker } from './codesets-worker-client';
import type { InstalledRelease } from '../db/database';

const CONTENT_LABEL = {
  codes: 'Codes',
  tabular: 'Tabular List',
  index: 'Alphabetic Index',
  mce: 'Medicare Code Editor lists',
  mue: 'NCCI Medically Unlikely Edits',
  hcc: 'CMS-HCC mappings',
} as const;

/** Installed releases, where each came from, and importing new official release files. */
export function CodeSetsScreen() {
  const releases = useInstalledReleases();
  const { importing, importError, lastImport } = useCodesets();

  const onImport = async () => {
    const files = await desktop.pickReleaseFiles();
    if (files.length) codesetsWorker().importFiles(files);
  };

  return (
    <section className="screen codesets" aria-label="Code sets">
      <div className="screen-head">
        <h1>Code sets</h1>
        <button type="button" onClick={onImport} disabled={importing !== null} accessKey="i">
          Import release files…
        </button>
      </div>
      <p className="hint">
        Import official CMS/CDC files: ICD-10-CM or ICD-10-PCS order file (.txt or the CMS zip), ICD-10-CM order addenda, Tabular or Index XML, the HCPCS quarterly
        .xlsx, your organization’s licensed CPT file (tab-delimited), or the edit data: Definitions of Medicare Code Edits (.txt), NCCI MUE tables (.csv), ICD-10-CM to
        HCC mappings (.csv).
      </p>
      {importing ? (
        <div className="notice" role="status">
          {importing.phase === 'parsing' ? 'Reading and checking the files…' : `Installing ${importing.current ?? ''}: ${importing.rowsDone.toLocaleString()} of ${importing.rowsTotal.toLocaleString()} records`}
        </div>
      ) : null}
      {importError ? (
        <div className="notice error" role="alert">
          <strong>Import failed; nothing was installed.</strong> {importError}
        </div>
      ) : null}
      {lastImport ? (
        <div className="notice ok" role="status">
          {lastImport.installed.length ? `Installed ${lastImport.installed.map((r) => r.label).join(', ')}.` : ''}
          {lastImport.alreadyInstalled.length ? ` Already installed: ${lastImport.alreadyInstalled.join(', ')}.` : ''}
        </div>
      ) : null}
      <table className="releases" aria-label="Installed releases">
        <thead>
          <tr>
            <th>Code set</th>
            <th>Release</th>
            <th>Content</th>
            <th>In effect</th>
            <th className="num">Records</th>
            <th>Source files</th>
          </tr>
        </thead>
        <tbody>
          {(releases ?? []).map((r) => (
            <ReleaseRow key={r.id} release={r} />
          ))}
        </tbody>
      </table>
      {releases && releases.length === 0 ? <p className="empty">No code sets installed yet.</p> : null}
    </section>
  );
}

function ReleaseRow({ release: r }: { release: InstalledRelease }) {
  return (
    <tr data-release={r.id}>
      <td>{SYSTEM_LABEL[r.system]}</td>
      <td className="version">{r.meta.version}</td>
      <td>
        {CONTENT_LABEL[r.content]}
        {r.content === 'tabular' || r.content === 'index' ? <div className="sub">shown labelled as {r.meta.version} content, never as another year’s</div> : null}
      </td>
      <td className="effective">
        {r.meta.effectiveFrom} – {r.meta.effectiveTo ?? 'until replaced'}
      </td>
      <td className="num">
        <Counts release={r} />
      </td>
      <td className="sources">
        {r.meta.sources.map((s) => (
          <div key={s.sha256 + (s.member ?? '')} title={`sha256 ${s.sha256}`}>
            {s.name}
            {s.member ? ` › ${s.member}` : ''} <span className="sha">sha256 {s.sha256.slice(0, 12)}…</span>
          </div>
        ))}
        {r.meta.derivedFrom ? <div className="sub">Built from {r.meta.derivedFrom}</div> : null}
        <div className="sub">{r.origin === 'shipped' ? 'Shipped with the app' : `Imported ${r.installedAt.slice(0, 10)}`}</div>
      </td>
    </tr>
  );
}

function Counts({ release: r }: { release: InstalledRelease }) {
  const c = r.counts;
  const n = (x: number | undefined) => (x ?? 0).toLocaleString();
  if (r.content === 'tabular') return <>{n(c.entries)} entries · {n(c.chapters)} chapters</>;
  if (r.content === 'index') return <>{n(c.mainTerms)} main terms · {n(c.terms)} terms</>;
  if (r.content === 'mce') {
    return (
      <>
        {n(c.newborn)} newborn · {n(c.pediatric)} pediatric · {n(c.maternity)} maternity · {n(c.adult)} adult
        <div className="sub">
          {n(c.manifestation)} manifestation · {n(c.unacceptablePrincipal)} unacceptable principal dx
        </div>
      </>
    );
  }
  if (r.content === 'mue') {
    const tables = [
      ['practitioner', 'practitioner'],
      ['outpatient-hospital', 'outpatient hospital'],
      ['dme', 'DME supplier'],
    ].filter(([kind]) => c[kind] !== undefined);
    return <>{tables.map(([kind, label]) => `${n(c[kind])} ${label}`).join(' · ')}</>;
  }
  if (r.content === 'hcc') return <>{n(c.v28Codes)} codes with a V28 HCC<div className="sub">{n(c.v28Pairs)} code → HCC pairs</div></>;
  if (r.system === 'hcpcs') return <>{n(c.codes)} codes · {n(c.modifiers)} modifiers<div className="sub">{n(c.terminated)} with a termination date</div></>;
  if (c.headers !== undefined) return <>{n(c.billable)} billable · {n(c.headers)} headers</>;
  return <>{n(c.rows)} codes</>;
}
