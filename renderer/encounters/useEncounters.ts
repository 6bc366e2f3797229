import { useLiveQuery } from 'dexie-react-hooks';
import type { Encounter, EncounterRevision } from '../../core/coding/encounter';
import { workstationDb } from '../db/database';

/** The whole worklist, live: any saved change re-renders whoever shows it. */
export function useEncounters(): Encounter[] | undefined {
  return useLiveQuery(() => workstationDb().encounters.toArray(), []);
}

/** One encounter, live; undefined while loading, null when it does not exist. */
export function useEncounter(id: string | null): Encounter | null | undefined {
  return useLiveQuery(async () => (id ? ((await workstationDb().encounters.get(id)) ?? null) : null), [id]);
}

export function useRevisions(id: string | null): EncounterRevision[] | undefined {
  return useLiveQuery(async () => (id ? workstationDb().revisions.where('encounterId').equals(id).sortBy('number') : []), [id]);
}
