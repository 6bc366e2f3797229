import type { CodingChange } from '../../core/coding/coding-changes';
import type { Acknowledgement, Encounter, EncounterRevision, Hold } from '../../core/coding/encounter';
import { newOutboxEntry } from '../../core/sync/outbox';
import { encounterFromSample, readSampleEncounters } from '../../core/coding/sample-encounters';
import type { WorkstationDatabase } from '../db/database';

/**
 * Every change to an encounter goes through here: the new state and its audit line are
 * written in one IndexedDB transaction as the change is made, so closing the window or
 * reloading mid-edit loses nothing and the audit never disagrees with the data.
 */

const now = () => new Date().toISOString();

/** Save one coding change (from core/coding/coding-changes) with its audit line. */
export async function saveChange(db: WorkstationDatabase, change: CodingChange, by: string): Promise<void> {
  await db.transaction('rw', db.encounters, db.audit, async () => {
    await db.encounters.put(change.encounter);
    await db.audit.add({ encounterId: change.encounter.id, at: change.encounter.updatedAt, by, ...change.audit });
  });
}

/** Opening an encounter is audited (who read which patient's notes), without changing it. */
export async function recordOpened(db: WorkstationDatabase, id: string, by: string): Promise<void> {
  await db.audit.add({ encounterId: id, at: now(), by, action: 'opened', detail: '' });
}

export async function placeOnHold(db: WorkstationDatabase, id: string, hold: Omit<Hold, 'at' | 'by'>, by: string): Promise<void> {
  await db.transaction('rw', db.encounters, db.audit, async () => {
    const encounter = await mustGet(db, id);
    const at = now();
    const full: Hold = { ...hold, at, by };
    if (hold.query) full.query = { ...hold.query, askedAt: at, askedBy: by };
    await db.encounters.put({ ...encounter, status: 'on-hold', hold: full, updatedAt: at });
    await db.audit.add({ encounterId: id, at, by, action: 'placed on hold', detail: hold.reason + (hold.query ? ` — query to ${hold.query.to}: ${hold.query.question}` : '') });
  });
}

/** Take an encounter off hold; the hold (and its query) stay in the audit. */
export async function releaseHold(db: WorkstationDatabase, id: string, by: string, answer?: string): Promise<void> {
  await db.transaction('rw', db.encounters, db.audit, async () => {
    const encounter = await mustGet(db, id);
    const at = now();
    const { hold, ...rest } = encounter;
    await db.encounters.put({ ...rest, status: 'in-progress', updatedAt: at });
    await db.audit.add({ encounterId: id, at, by, action: 'hold released', detail: `${hold?.reason ?? ''}${answer ? ` — provider answered: ${answer}` : ''}` });
  });
}

/**
 * Finish: freeze the encounter as revision N with the acknowledged warnings and mark it ready
 * to send. The caller has already run the edits (no errors) and collected acknowledgements.
 * With a billing server set, the revision's outbox entry (its transaction Bundle, from
 * `bundleFor`) is written in the same transaction: a finished revision is never without it.
 */
export async function finishEncounter(db: WorkstationDatabase, id: string, acknowledgements: Acknowledgement[], by: string, bundleFor?: (revision: EncounterRevision) => string): Promise<EncounterRevision> {
  return db.transaction('rw', [db.encounters, db.revisions, db.audit, db.outbox], async () => {
    const encounter = await mustGet(db, id);
    if (encounter.status === 'finished' || encounter.status === 'synced') throw new Error(`encounter ${id} is already finished (revision ${encounter.revision})`);
    const at = now();
    const finished: Encounter = { ...encounter, status: 'finished', acknowledgements, updatedAt: at };
    delete finished.hold;
    delete finished.syncReason;
    const revision: EncounterRevision = { encounterId: id, number: encounter.revision, finishedAt: at, finishedBy: by, encounter: finished };
    await db.revisions.add(revision);
    await db.encounters.put(finished);
    if (bundleFor) {
      // An earlier revision the server refused is fixed by this one: it stays, marked, and is
      // no longer counted as needing the coder.
      for (const earlier of await db.outbox.where('encounterId').equals(id).toArray()) {
        if ((earlier.state === 'rejected' || earlier.state === 'conflict') && earlier.supersededBy === undefined) await db.outbox.put({ ...earlier, supersededBy: revision.number });
      }
      const last = await db.outbox.orderBy('seq').last();
      await db.outbox.add(newOutboxEntry({ encounterId: id, revision: revision.number, seq: (last?.seq ?? 0) + 1, bundle: bundleFor(revision) }, Date.parse(at)));
    }
    const acks = acknowledgements.length ? `; ${acknowledgements.length} warning(s) acknowledged: ${acknowledgements.map((a) => a.key).join(', ')}` : '';
    await db.audit.add({ encounterId: id, at, by, action: 'finished', detail: `revision ${encounter.revision}${acks}${bundleFor ? '; queued for the billing server' : ''}` });
    return revision;
  });
}

/** Reopen a finished encounter as the next revision; the finished one stays as it was. */
export async function reopenEncounter(db: WorkstationDatabase, id: string, reason: string, by: string): Promise<Encounter> {
  return db.transaction('rw', db.encounters, db.audit, async () => {
    const encounter = await mustGet(db, id);
    if (encounter.status !== 'finished' && encounter.status !== 'synced' && encounter.status !== 'rejected') throw new Error(`encounter ${id} is not finished`);
    const at = now();
    // Acknowledgements belonged to the finished revision; the new one is checked afresh.
    const reopened: Encounter = { ...encounter, status: 'in-progress', revision: encounter.revision + 1, acknowledgements: [], updatedAt: at };
    await db.encounters.put(reopened);
    await db.audit.add({ encounterId: id, at, by, action: 'reopened', detail: `revision ${reopened.revision}${reason ? `: ${reason}` : ''}` });
    return reopened;
  });
}

/**
 * Demo mode: with no billing server set, the worklist starts with the shipped sample
 * encounters. Only an empty worklist is filled, so the coder's work is never overwritten.
 */
export async function loadSampleWorklist(db: WorkstationDatabase, json: unknown, coder: string): Promise<number> {
  const samples = readSampleEncounters(json);
  return db.transaction('rw', db.encounters, db.audit, async () => {
    if ((await db.encounters.count()) > 0) return 0;
    const at = now();
    // Received over the last days, so the worklist's age column means something.
    const encounters = samples.map((s, i) => encounterFromSample(s, coder, new Date(Date.parse(at) - (samples.length - i) * 3_600_000 * 3).toISOString()));
    await db.encounters.bulkAdd(encounters);
    await db.audit.bulkAdd(encounters.map((e) => ({ encounterId: e.id, at, by: coder, action: 'received', detail: 'demo worklist (sample data)' })));
    return encounters.length;
  });
}

async function mustGet(db: WorkstationDatabase, id: string): Promise<Encounter> {
  const encounter = await db.encounters.get(id);
  if (!encounter) throw new Error(`no encounter ${id}`);
  return encounter;
}
