import { useLiveQuery } from 'dexie-react-hooks';
import { workstationDb, type InstalledRelease } from '../db/database';

/** Installed (complete) releases, newest effective first within each system. */
export function useInstalledReleases(): InstalledRelease[] | undefined {
  return useLiveQuery(async () => {
    const releases = await workstationDb().releases.toArray();
    const order = { icd10cm: 0, icd10pcs: 1, hcpcs: 2, cpt: 3 };
    const contentOrder = { codes: 0, tabular: 1, index: 2, mce: 3, mue: 4, hcc: 5 };
    return releases.sort(
      (a, b) => order[a.system] - order[b.system] || contentOrder[a.content] - contentOrder[b.content] || b.meta.effectiveFrom.localeCompare(a.meta.effectiveFrom),
    );
  });
}
