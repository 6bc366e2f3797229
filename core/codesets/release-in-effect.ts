import type { CodeSystem, ReleaseContent, ReleaseMeta } from './types';

/** An installed release as lookups see it: its metadata and when it was installed. */
export interface InstalledReleaseRef {
  id: string;
  meta: ReleaseMeta;
  installedAt: string;
}

/** True when `date` (YYYY-MM-DD) falls within the release's effective range. */
export function isInEffect(meta: ReleaseMeta, date: string): boolean {
  return meta.effectiveFrom <= date && (meta.effectiveTo === null || date <= meta.effectiveTo);
}

/**
 * The release to use for a date of service. Guideline: a claim is coded with the code set in
 * effect on the date of service. When several installed releases cover the date (an open-ended
 * quarterly HCPCS file and its successor, or the same release imported twice), the one that
 * took effect latest wins, then the one installed latest. Null means "not installed": the UI
 * must say so rather than fall back to another year's codes.
 */
export function releaseInEffect<R extends InstalledReleaseRef>(
  releases: R[],
  system: CodeSystem,
  date: string,
  content: ReleaseContent = 'codes',
): R | null {
  let best: R | null = null;
  for (const r of releases) {
    if (r.meta.system !== system || r.meta.content !== content || !isInEffect(r.meta, date)) continue;
    if (!best || r.meta.effectiveFrom > best.meta.effectiveFrom || (r.meta.effectiveFrom === best.meta.effectiveFrom && r.installedAt > best.installedAt)) best = r;
  }
  return best;
}
