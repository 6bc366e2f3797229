import type { LoadProgress } from './load-shipped-packs';

/** The first-run load: what is being loaded and how far along it is. */
export function LoadProgressPanel({ progress, error }: { progress: LoadProgress | null; error: string | null }) {
  if (error) {
    return (
      <div className="load-panel error" role="alert">
        <strong>Code sets could not be loaded.</strong> {error}
      </div>
    );
  }
  const percent = progress && progress.rowsTotal > 0 ? Math.floor((100 * progress.rowsDone) / progress.rowsTotal) : 0;
  return (
    <div className="load-panel" aria-label="Code set load progress">
      <div className="load-title">
        {progress?.phase === 'loading' ? `Installing code sets on this computer — ${progress.current ?? ''}` : 'Checking installed code sets…'}
      </div>
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      {progress ? (
        <div className="load-detail">
          {percent}% · {progress.rowsDone.toLocaleString()} of {progress.rowsTotal.toLocaleString()} records · this happens once; later starts are instant
        </div>
      ) : null}
    </div>
  );
}
