import type { Encounter, EncounterStatus } from './encounter';

/**
 * The worklist's order: work in hand first, then the oldest waiting (coders clear the queue
 * first in, first out; a late chart risks the billing deadline), then what is done.
 */
const STATUS_ORDER: Record<EncounterStatus, number> = { 'in-progress': 0, rejected: 1, 'to-do': 2, 'on-hold': 3, finished: 4, synced: 5 };

export function worklistOrder(a: Encounter, b: Encounter): number {
  return STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.receivedAt.localeCompare(b.receivedAt) || a.id.localeCompare(b.id);
}

/** Statuses the coder still has to act on: what "next encounter" opens. */
export function needsCoding(status: EncounterStatus): boolean {
  return status === 'to-do' || status === 'in-progress' || status === 'rejected';
}

/**
 * The encounter to open after `currentId`: the first one still to code in worklist order,
 * other than the current one. Null when the worklist is done.
 */
export function nextEncounter(encounters: Encounter[], currentId: string | null): Encounter | null {
  return [...encounters].sort(worklistOrder).find((e) => e.id !== currentId && needsCoding(e.status)) ?? null;
}

/** How long an encounter has waited, as a coder reads it: "45 min", "5 h", "3 d". */
export function ageLabel(receivedAt: string, now: number): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(receivedAt)) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}
