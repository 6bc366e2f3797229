import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { addDiagnosis, addProcedure } from '../../core/coding/coding-changes';
import { sampleRecord } from './sample-fixture';
import { WorkstationDatabase } from '../../renderer/db/database';
import { finishEncounter, loadSampleWorklist, placeOnHold, releaseHold, reopenEncounter, saveChange } from '../../renderer/encounters/encounter-store';

/** The encounter store on the real Dexie schema (fake-indexeddb): saves, holds, finish and reopen with revisions, the audit trail. */
let dbCount = 0;
const freshDb = () => new WorkstationDatabase(`enc-test-${process.pid}-${++dbCount}`);
const CODER = 'coder.one';

const sample = sampleRecord;

describe('encounter store', () => {
  it('loads the sample worklist into an empty database only, all or nothing', async () => {
    const db = freshDb();
    await expect(loadSampleWorklist(db, [sample('a'), { ...sample('b'), dateOfService: 'soon' }], CODER)).rejects.toThrow('encounter 2 (b), dateOfService');
    expect(await db.encounters.count()).toBe(0);
    expect(await loadSampleWorklist(db, [sample('a'), sample('b')], CODER)).toBe(2);
    expect(await loadSampleWorklist(db, [sample('c')], CODER)).toBe(0);
    expect((await db.encounters.toArray()).map((e) => e.id).sort()).toEqual(['a', 'b']);
    expect(await db.audit.where('encounterId').equals('a').count()).toBe(1);
  });

  it('saves each change with its audit line; finish freezes revision 1; reopen makes revision 2 and keeps 1', async () => {
    const db = freshDb();
    await loadSampleWorklist(db, [sample('a')], CODER);
    let e = (await db.encounters.get('a'))!;
    let change = addDiagnosis(e, 'I10', '2026-11-27T10:00:00.000Z');
    await saveChange(db, change, CODER);
    change = addProcedure(change.encounter, 'cpt', '99213', '2026-11-27T10:00:01.000Z');
    await saveChange(db, change, CODER);
    e = (await db.encounters.get('a'))!;
    expect(e.status).toBe('in-progress');
    expect(e.coding.procedures[0].pointers).toEqual(['dx-1']);

    const ack = { key: 'w1', message: 'a warning', by: CODER, at: '2026-11-27T10:01:00.000Z' };
    const r1 = await finishEncounter(db, 'a', [ack], CODER);
    expect(r1.number).toBe(1);
    await expect(finishEncounter(db, 'a', [], CODER)).rejects.toThrow('already finished');
    expect((await db.encounters.get('a'))!.status).toBe('finished');

    const reopened = await reopenEncounter(db, 'a', 'laterality corrected', CODER);
    expect(reopened).toMatchObject({ status: 'in-progress', revision: 2, acknowledgements: [] });
    await saveChange(db, addDiagnosis(reopened, 'E1165', '2026-11-27T11:00:00.000Z'), CODER);
    await finishEncounter(db, 'a', [], CODER);

    const revisions = await db.revisions.where('encounterId').equals('a').sortBy('number');
    expect(revisions.map((r) => [r.number, r.encounter.coding.diagnoses.map((d) => d.code)])).toEqual([
      [1, ['I10']],
      [2, ['I10', 'E1165']],
    ]);
    expect(revisions[0].encounter.acknowledgements).toEqual([ack]);
    const actions = (await db.audit.where('encounterId').equals('a').sortBy('seq')).map((a) => `${a.by}: ${a.action}`);
    expect(actions).toEqual([
      'coder.one: received',
      'coder.one: diagnosis added',
      'coder.one: procedure added',
      'coder.one: finished',
      'coder.one: reopened',
      'coder.one: diagnosis added',
      'coder.one: finished',
    ]);
  });

  it('a hold keeps its reason and provider query; releasing records the answer', async () => {
    const db = freshDb();
    await loadSampleWorklist(db, [sample('a')], CODER);
    await placeOnHold(db, 'a', { reason: 'Conflicting documentation', query: { question: 'Left or right ankle?', to: 'Dr. Invented', askedAt: '', askedBy: '' } }, CODER);
    const held = (await db.encounters.get('a'))!;
    expect(held.status).toBe('on-hold');
    expect(held.hold).toMatchObject({ reason: 'Conflicting documentation', by: CODER, query: { question: 'Left or right ankle?', to: 'Dr. Invented', askedBy: CODER } });
    await releaseHold(db, 'a', CODER, 'Right ankle.');
    const released = (await db.encounters.get('a'))!;
    expect(released.status).toBe('in-progress');
    expect(released.hold).toBeUndefined();
    const last = (await db.audit.where('encounterId').equals('a').sortBy('seq')).at(-1)!;
    expect(last).toMatchObject({ action: 'hold released', detail: 'Conflicting documentation — provider answered: Right ankle.' });
    await expect(reopenEncounter(db, 'a', '', CODER)).rejects.toThrow('not finished');
  });
});
