import { describe, expect, it } from 'vitest';
import { addDiagnosis, addProcedure, linkEvidence, moveDiagnosis, parseModifiers, pointersFromLetters, removeDiagnosis, updateProcedure } from '../../../core/coding/coding-changes';
import { ageOn, codeSetDate, pointerLetter, type Encounter } from '../../../core/coding/encounter';
import { findInNote, headingRanges, segmentNote, termRanges } from '../../../core/coding/note-text';
import { encounterFromSample, readSampleEncounters, SampleDataError } from '../../../core/coding/sample-encounters';
import { ageLabel, nextEncounter, worklistOrder } from '../../../core/coding/worklist';

/** The pure parts of the workspace: coding changes, the worklist's order, note marking, sample data checks. */
const AT = '2026-11-27T10:00:00.000Z';

function encounter(patch: Partial<Encounter> = {}): Encounter {
  return {
    id: 'enc-1',
    visit: 'Office visit',
    patient: { mrn: 'MRN-1', name: 'Test Patient', birthDate: '1960-05-10', sex: 'female' },
    dateOfService: '2026-05-01',
    setting: 'office',
    provider: { name: 'Dr. Example', specialty: 'Family medicine' },
    documents: [{ id: 'd1', title: 'Note', author: 'Dr. Example', date: '2026-05-01', text: 'HPI: type 2 diabetes with hyperglycemia.', version: 1 }],
    status: 'to-do',
    revision: 1,
    coding: { diagnoses: [], procedures: [] },
    acknowledgements: [],
    assignedTo: 'demo.coder',
    receivedAt: '2026-11-26T10:00:00.000Z',
    updatedAt: '2026-11-26T10:00:00.000Z',
    ...patch,
  };
}

describe('coding changes', () => {
  it('the first change starts the encounter, and each change has an audit line', () => {
    const { encounter: e, audit } = addDiagnosis(encounter(), 'E1165', AT, { documentId: 'd1', start: 5, end: 39, text: 'type 2 diabetes with hyperglycemia' });
    expect(e.status).toBe('in-progress');
    expect(e.updatedAt).toBe(AT);
    expect(e.coding.diagnoses).toEqual([{ id: 'dx-1', code: 'E1165', evidence: [{ documentId: 'd1', start: 5, end: 39, text: 'type 2 diabetes with hyperglycemia' }] }]);
    expect(audit).toEqual({ action: 'diagnosis added', detail: 'E1165 with evidence "type 2 diabetes with hyperglycemia"' });
  });

  it('pointers hold diagnosis ids, so reordering keeps each line pointing at the same diagnosis', () => {
    let e = addDiagnosis(encounter(), 'E1165', AT).encounter;
    e = addDiagnosis(e, 'I10', AT).encounter;
    e = addProcedure(e, 'hcpcs', 'A4253', AT).encounter;
    expect(e.coding.procedures[0].pointers).toEqual(['dx-1']);
    e = updateProcedure(e, 'line-1', { pointers: pointersFromLetters('b a', e.coding.diagnoses) }, AT).encounter;
    expect(e.coding.procedures[0].pointers).toEqual(['dx-2', 'dx-1']);
    e = moveDiagnosis(e, 'dx-2', -1, AT).encounter;
    expect(e.coding.diagnoses.map((d) => d.code)).toEqual(['I10', 'E1165']);
    expect(e.coding.procedures[0].pointers).toEqual(['dx-2', 'dx-1']);
    // Moving past either end changes nothing.
    expect(moveDiagnosis(e, 'dx-2', -1, AT).encounter).toBe(e);
  });

  it('a removed diagnosis leaves its pointer dangling for the pointer edit to report, and ids are not reused', () => {
    let e = addDiagnosis(encounter(), 'E1165', AT).encounter;
    e = addDiagnosis(e, 'I10', AT).encounter;
    e = addProcedure(e, 'cpt', '99213', AT).encounter;
    e = removeDiagnosis(e, 'dx-1', AT).encounter;
    expect(e.coding.procedures[0].pointers).toEqual(['dx-1']);
    e = addDiagnosis(e, 'R739', AT).encounter;
    expect(e.coding.diagnoses.map((d) => d.id)).toEqual(['dx-2', 'dx-3']);
  });

  it('pointer letters past the list are kept as ?X; modifiers are parsed as a coder types them', () => {
    const e = addDiagnosis(encounter(), 'E1165', AT).encounter;
    expect(pointersFromLetters('a, c', e.coding.diagnoses)).toEqual(['dx-1', '?C']);
    expect(parseModifiers('rt, 59  xs')).toEqual(['RT', '59', 'XS']);
    expect(parseModifiers('')).toEqual([]);
    expect(parseModifiers('a b c d e f')).toHaveLength(6);
  });

  it('ICD-10-PCS lines on an inpatient stay start without pointers; evidence links to an existing code', () => {
    let e = encounter({ setting: 'inpatient', dischargeDate: '2026-10-03' });
    e = addDiagnosis(e, 'K3580', AT).encounter;
    e = addProcedure(e, 'icd10pcs', '0DTJ4ZZ', AT).encounter;
    expect(e.coding.procedures[0].pointers).toEqual([]);
    e = linkEvidence(e, { kind: 'procedure', id: 'line-1' }, { documentId: 'd1', start: 0, end: 4, text: 'HPI:' }, AT).encounter;
    expect(e.coding.procedures[0].evidence).toHaveLength(1);
  });
});

describe('encounter dates and letters', () => {
  it('an inpatient stay takes its code set from the discharge date', () => {
    expect(codeSetDate(encounter({ setting: 'inpatient', dateOfService: '2026-09-28', dischargeDate: '2026-10-02' }))).toBe('2026-10-02');
    expect(codeSetDate(encounter({ dateOfService: '2026-09-28', dischargeDate: '2026-10-02' }))).toBe('2026-09-28');
  });
  it('age in whole years on the date of service', () => {
    expect(ageOn('1960-05-10', '2026-05-09')).toBe(65);
    expect(ageOn('1960-05-10', '2026-05-10')).toBe(66);
    expect(ageOn('2026-04-30', '2026-05-01')).toBe(0);
  });
  it('pointer letters stop at L', () => {
    expect(pointerLetter(0)).toBe('A');
    expect(pointerLetter(11)).toBe('L');
    expect(pointerLetter(12)).toBeNull();
  });
});

describe('worklist', () => {
  const list = [
    encounter({ id: 'a', status: 'finished', receivedAt: '2026-11-20T00:00:00Z' }),
    encounter({ id: 'b', status: 'to-do', receivedAt: '2026-11-22T00:00:00Z' }),
    encounter({ id: 'c', status: 'to-do', receivedAt: '2026-11-21T00:00:00Z' }),
    encounter({ id: 'd', status: 'in-progress', receivedAt: '2026-11-25T00:00:00Z' }),
    encounter({ id: 'e', status: 'on-hold', receivedAt: '2026-11-19T00:00:00Z' }),
  ];
  it('work in hand first, then the oldest waiting; held and finished last', () => {
    expect([...list].sort(worklistOrder).map((e) => e.id)).toEqual(['d', 'c', 'b', 'e', 'a']);
  });
  it('next skips the current, held and finished encounters, and is null when all is done', () => {
    expect(nextEncounter(list, 'd')?.id).toBe('c');
    expect(nextEncounter(list, null)?.id).toBe('d');
    expect(nextEncounter([list[0], list[4]], null)).toBeNull();
  });
  it('age reads in minutes, hours, then days', () => {
    const now = Date.parse('2026-11-27T12:00:00Z');
    expect(ageLabel('2026-11-27T11:15:00Z', now)).toBe('45 min');
    expect(ageLabel('2026-11-27T02:00:00Z', now)).toBe('10 h');
    expect(ageLabel('2026-11-24T12:00:00Z', now)).toBe('3 d');
  });
});

describe('note marking', () => {
  const note = 'CHIEF COMPLAINT:\nFoot pain.\nAssessment and Plan: 1. Type 2 diabetes with diabetic neuropathy.\nDIABETES FOLLOW-UP\n';
  it('finds headings with a colon and short all-capitals lines, marking only the label', () => {
    const headings = headingRanges(note).map((r) => note.slice(r.start, r.end));
    expect(headings).toEqual(['CHIEF COMPLAINT:', 'Assessment and Plan:', 'DIABETES FOLLOW-UP']);
  });
  it('marks word starts of the query, skipping short and filler words', () => {
    const marks = termRanges(note, 'diab neuro with of').map((r) => note.slice(r.start, r.end));
    expect(marks).toEqual(['diabetes', 'diabetic', 'neuropathy', 'DIABETES']);
  });
  it('segments keep the note offsets and list every range covering them', () => {
    const segments = segmentNote(20, [
      { kind: 'term', start: 2, end: 8 },
      { kind: 'evidence', start: 5, end: 12, label: 'E11.40' },
    ]);
    expect(segments.map((s) => [s.start, s.end, s.marks.map((m) => m.kind).join('+')])).toEqual([
      [0, 2, ''],
      [2, 5, 'term'],
      [5, 8, 'term+evidence'],
      [8, 12, 'evidence'],
      [12, 20, ''],
    ]);
  });
  it('find in note is case-blind and returns every match', () => {
    expect(findInNote(note, 'diabet')).toHaveLength(3);
    expect(findInNote(note, '  ')).toEqual([]);
  });
});

describe('sample data file', () => {
  const sample = {
    id: 'enc-x',
    visit: 'Office visit',
    patient: { mrn: 'MRN-9', name: 'Invented Person', birthDate: '1970-01-01', sex: 'male' },
    dateOfService: '2026-06-01',
    setting: 'office',
    provider: { name: 'Dr. Invented', specialty: 'Internal medicine' },
    documents: [{ id: 'enc-x-1', title: 'Note', author: 'Dr. Invented', date: '2026-06-01', text: 'HTN.' }],
    answerKey: { diagnoses: [{ code: 'I10' }], procedures: [], rationale: '' },
  };
  it('reads a valid file into fresh worklist items', () => {
    const [s] = readSampleEncounters([sample]);
    const e = encounterFromSample(s, 'demo.coder', AT);
    expect(e).toMatchObject({ id: 'enc-x', status: 'to-do', revision: 1, coding: { diagnoses: [], procedures: [] }, assignedTo: 'demo.coder' });
    expect(e.documents[0].version).toBe(1);
    expect('answerKey' in e).toBe(false);
  });
  it('names the encounter and field of a bad record', () => {
    const bad = { ...sample, dateOfService: '06/01/2026' };
    expect(() => readSampleEncounters([sample, bad])).toThrow(SampleDataError);
    expect(() => readSampleEncounters([sample, bad])).toThrow('encounters.json: encounter 2 (enc-x), dateOfService: expected a date as YYYY-MM-DD');
    expect(() => readSampleEncounters([{ ...sample, setting: 'clinic' }])).toThrow(/encounter 1 \(enc-x\), setting/);
    expect(() => readSampleEncounters([sample, sample])).toThrow('encounter 2 (enc-x), id: the id is used twice');
    expect(() => readSampleEncounters({})).toThrow('top level');
    expect(() => readSampleEncounters([{ ...sample, setting: 'inpatient' }])).toThrow('dischargeDate');
  });
});
