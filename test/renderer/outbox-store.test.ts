import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { addDiagnosis } from '../../core/coding/coding-changes';
import { applyOutcome, beginSend } from '../../core/sync/outbox';
import { DEFAULT_RETRY_POLICY } from '../../core/sync/backoff';
import { sampleRecord } from './sample-fixture';
import { WorkstationDatabase } from '../../renderer/db/database';
import { finishEncounter, loadSampleWorklist, reopenEncounter, saveChange } from '../../renderer/encounters/encounter-store';
import { DexieOutboxStore } from '../../renderer/sync/dexie-outbox-store';

/** Finish writes the revision and its outbox entry together; outbox results move the encounter's status, with audit lines. */
let n = 0;
const freshDb = () => new WorkstationDatabase(`outbox-test-${process.pid}-${++n}`);
const CODER = 'coder.one';
const sample = sampleRecord;

async function finishedOne(db: WorkstationDatabase, id: string, bundle = '{"resourceType":"Bundle"}') {
  const e = (await db.encounters.get(id))!;
  await saveChange(db, addDiagnosis(e, 'I10', new Date().toISOString()), CODER);
  return finishEncounter(db, id, [], CODER, () => bundle);
}

describe('the outbox in IndexedDB', () => {
  it('finish writes the revision and its outbox entry in order; without a server there is no entry', async () => {
    const db = freshDb();
    await loadSampleWorklist(db, [sample('a'), sample('b'), sample('c')], CODER);
    await finishedOne(db, 'b');
    await finishedOne(db, 'a');
    const e = (await db.encounters.get('c'))!;
    await saveChange(db, addDiagnosis(e, 'I10', new Date().toISOString()), CODER);
    await finishEncounter(db, 'c', [], CODER);
    const entries = await db.outbox.orderBy('seq').toArray();
    expect(entries.map((x) => [x.id, x.seq, x.state])).toEqual([
      ['b/r1', 1, 'pending'],
      ['a/r1', 2, 'pending'],
    ]);
  });

  it('a failing bundle leaves nothing half-written: no revision, no entry, the encounter not finished', async () => {
    const db = freshDb();
    await loadSampleWorklist(db, [sample('a')], CODER);
    const e = (await db.encounters.get('a'))!;
    await saveChange(db, addDiagnosis(e, 'I10', new Date().toISOString()), CODER);
    await expect(
      finishEncounter(db, 'a', [], CODER, () => {
        throw new Error('pointer names no diagnosis');
      }),
    ).rejects.toThrow('pointer names no diagnosis');
    expect(await db.revisions.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect((await db.encounters.get('a'))!.status).toBe('in-progress');
  });

  it('sent marks the encounter synced; rejected marks it rejected with the reason; a later revision is not touched by an earlier entry', async () => {
    const db = freshDb();
    const store = new DexieOutboxStore(db, CODER);
    await loadSampleWorklist(db, [sample('a'), sample('b')], CODER);
    await finishedOne(db, 'a');
    await finishedOne(db, 'b');
    const [a, b] = await store.listOpen();
    const ok = applyOutcome(beginSend(a), { kind: 'response', status: 200, headers: {}, body: JSON.stringify({ resourceType: 'Bundle', type: 'transaction-response', entry: [] }) }, Date.now(), () => 0.5, DEFAULT_RETRY_POLICY);
    await store.update(ok.entry);
    expect(ok.entry.state).toBe('sent');
    expect((await db.encounters.get('a'))!.status).toBe('synced');

    const outcome = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'code-invalid', diagnostics: 'I10 is not valid', expression: ['Bundle.entry[1]'] }] };
    const bad = applyOutcome(beginSend(b), { kind: 'response', status: 422, headers: {}, body: JSON.stringify(outcome) }, Date.now(), () => 0.5, DEFAULT_RETRY_POLICY);
    await store.update(bad.entry);
    const rejected = (await db.encounters.get('b'))!;
    expect(rejected.status).toBe('rejected');
    expect(rejected.syncReason).toContain('I10 is not valid');
    expect(await store.listOpen()).toHaveLength(1);

    // Reopened as revision 2: news about revision 1 no longer changes the encounter.
    await reopenEncounter(db, 'b', 'fix', CODER);
    await store.update({ ...bad.entry, state: 'conflict' });
    expect((await db.encounters.get('b'))!.status).toBe('in-progress');
    const actions = (await db.audit.where('encounterId').equals('b').sortBy('seq')).map((x) => x.action);
    expect(actions).toContain('rejected');

    // Finishing revision 2 fixes it: revision 1 is kept, marked, and no longer open.
    const r2 = (await db.encounters.get('b'))!;
    await saveChange(db, addDiagnosis(r2, 'E119', new Date().toISOString()), CODER);
    await finishEncounter(db, 'b', [], CODER, () => '{}');
    expect((await db.outbox.get('b/r1'))!.supersededBy).toBe(2);
    expect((await store.listOpen()).map((e) => e.id)).toEqual(['b/r2']);
  });
});
