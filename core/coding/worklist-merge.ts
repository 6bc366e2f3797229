import type { ClinicalDocument, Encounter } from './encounter';

/**
 * Merging a worklist pulled from the billing server into the coder's local one. The rule is
 * that the server never overwrites work: an encounter the coder has not touched takes the
 * server's version whole; one the coder has started keeps its coding, status and revision,
 * and only takes newer notes, each flagged so the coder re-reads it before relying on the codes.
 */
export interface WorklistMerge {
  /** Encounters to write (new, or changed by the merge). */
  changed: Encounter[];
  added: number;
  refreshed: number;
  /** Notes that changed under work in progress. */
  alerts: { encounterId: string; documentId: string; title: string }[];
}

/** Untouched: still to do, nothing coded, nothing acknowledged, no document added, never finished. */
export function isUntouched(e: Encounter): boolean {
  return e.status === 'to-do' && e.revision === 1 && e.coding.diagnoses.length === 0 && e.coding.procedures.length === 0 && e.acknowledgements.length === 0 && !e.hold && !e.documents.some((d) => d.source === 'local');
}

export function mergeWorklist(local: ReadonlyMap<string, Encounter>, incoming: Encounter[], at: string): WorklistMerge {
  const result: WorklistMerge = { changed: [], added: 0, refreshed: 0, alerts: [] };
  for (const server of incoming) {
    const mine = local.get(server.id);
    if (!mine) {
      result.changed.push(server);
      result.added++;
      continue;
    }
    if (isUntouched(mine)) {
      if (JSON.stringify(mine.documents) !== JSON.stringify(server.documents) || mine.dateOfService !== server.dateOfService || mine.visit !== server.visit) {
        result.changed.push({ ...server, receivedAt: mine.receivedAt, documentAlerts: mine.documentAlerts });
        result.refreshed++;
      }
      continue;
    }
    // Work in progress: only newer notes come in, and each is flagged.
    const documents: ClinicalDocument[] = [...mine.documents];
    const alerts = [...(mine.documentAlerts ?? [])];
    let touched = false;
    for (const doc of server.documents) {
      const i = documents.findIndex((d) => d.id === doc.id);
      if (i < 0) {
        documents.push(doc);
        alerts.push({ documentId: doc.id, title: doc.title, fromVersion: 0, toVersion: doc.version, at });
        touched = true;
      } else if (doc.version > documents[i].version) {
        alerts.push({ documentId: doc.id, title: doc.title, fromVersion: documents[i].version, toVersion: doc.version, at });
        documents[i] = doc;
        touched = true;
      }
    }
    if (touched) {
      result.changed.push({ ...mine, documents, documentAlerts: alerts, updatedAt: at });
      result.refreshed++;
      for (const a of alerts.slice(mine.documentAlerts?.length ?? 0)) result.alerts.push({ encounterId: mine.id, documentId: a.documentId, title: a.title });
    }
  }
  return result;
}
