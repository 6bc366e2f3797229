import { describe, expect, it } from 'vitest';
import type { Encounter } from '../../../core/coding/encounter';
import { isUntouched, mergeWorklist } from '../../../core/coding/worklist-merge';

/** A pulled worklist never overwrites the coder's work; changed notes under work are flagged. */
const AT = '2026-11-27T12:00:00.000Z';
function enc(id: string, patch: Partial<Encounter> = {}): Encounter {
  return {
    id,
    visit: 'Office visit',
    patient: { mrn: 'M', name: 'P', birthDate: '1970-01-01', sex: 'female' },
    dateOfService: '2026-06-01',
    setting: 'office',
    provider: { name: 'Dr', specialty: 'FM' },
    documents: [{ id: `${id}-1`, title: 'Note', author: 'Dr', date: '2026-06-01', text: 'v1', version: 1 }],
    status: 'to-do',
    revision: 1,
    coding: { diagnoses: [], procedures: [] },
    acknowledgements: [],
    assignedTo: 'demo.coder',
    receivedAt: '2026-11-20T00:00:00.000Z',
    updatedAt: '2026-11-20T00:00:00.000Z',
    ...patch,
  };
}
const newerNote = (e: Encounter): Encounter => ({ ...e, documents: [{ ...e.documents[0], text: 'v2 addendum', version: 2 }] });

describe('worklist merge', () => {
  it('adds new encounters and refreshes untouched ones, keeping when they arrived', () => {
    const local = new Map([['a', enc('a')]]);
    const r = mergeWorklist(local, [newerNote(enc('a', { receivedAt: '2026-11-26T00:00:00.000Z' })), enc('b')], AT);
    expect(r.added).toBe(1);
    expect(r.refreshed).toBe(1);
    expect(r.changed.find((e) => e.id === 'a')).toMatchObject({ receivedAt: '2026-11-20T00:00:00.000Z', documents: [{ text: 'v2 addendum' }] });
    expect(r.alerts).toEqual([]);
  });

  it('an unchanged pull writes nothing', () => {
    expect(mergeWorklist(new Map([['a', enc('a')]]), [enc('a')], AT).changed).toEqual([]);
  });

  it('keeps the coding of work in progress and flags a note the server changed', () => {
    const mine = enc('a', { status: 'in-progress', coding: { diagnoses: [{ id: 'dx-1', code: 'I10', evidence: [] }], procedures: [] } });
    const r = mergeWorklist(new Map([['a', mine]]), [newerNote(enc('a', { visit: 'changed on server' }))], AT);
    const merged = r.changed[0];
    expect(merged.coding).toEqual(mine.coding);
    expect(merged.status).toBe('in-progress');
    expect(merged.visit).toBe('Office visit');
    expect(merged.documents[0].text).toBe('v2 addendum');
    expect(merged.documentAlerts).toEqual([{ documentId: 'a-1', title: 'Note', fromVersion: 1, toVersion: 2, at: AT }]);
    expect(r.alerts).toEqual([{ encounterId: 'a', documentId: 'a-1', title: 'Note' }]);
    // The same pull again flags nothing new.
    expect(mergeWorklist(new Map([['a', merged]]), [newerNote(enc('a'))], AT).changed).toEqual([]);
  });

  it('a finished encounter is work too: it is never reset to to-do', () => {
    const finished = enc('a', { status: 'finished', coding: { diagnoses: [{ id: 'dx-1', code: 'I10', evidence: [] }], procedures: [] } });
    expect(isUntouched(finished)).toBe(false);
    const r = mergeWorklist(new Map([['a', finished]]), [enc('a')], AT);
    expect(r.changed).toEqual([]);
  });
});
