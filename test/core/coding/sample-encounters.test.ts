/**
 * The invented sample encounters (resources/sample-encounters/encounters.json) and their answer
 * keys, checked against the real code-set files: every ICD-10-CM code billable in the release in
 * effect on the encounter's code-set date (FY2026 order file, FY2027 = FY2026 + the FY2027 order
 * addenda), every ICD-10-PCS code valid in FY2026, every HCPCS Level II code and modifier active
 * on the date in the October 2025 HCPCS file, every CPT code in the synthetic CPT fixture (the
 * only CPT list the tests may use). Also the shape of the data, the coding rules the keys teach,
 * and the coverage the sample set promises (settings, dates on both sides of 2026-10-01, long
 * notes, a code that exists only from FY2027).
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyAddenda, parseOrderAddenda } from '../../../core/codesets/addenda';
import { parseCptFile } from '../../../core/codesets/cpt-file';
import { parseHcpcsXlsx } from '../../../core/codesets/hcpcs-xlsx';
import { parseOrderFile } from '../../../core/codesets/order-file';
import type { CodeListRelease, CodeRecord } from '../../../core/codesets/types';
import { ageOn, codeSetDate, MAX_MODIFIERS_PER_LINE, MAX_POINTERS_PER_LINE, type CareSetting, type PresentOnAdmission } from '../../../core/coding/encounter';
import { rawFile } from '../raw-files';

interface SampleDiagnosis {
  code: string;
  poa?: PresentOnAdmission;
  evidence: string;
}

interface SampleProcedure {
  system: 'cpt' | 'hcpcs' | 'icd10pcs';
  code: string;
  modifiers: string[];
  units: number;
  pointers: number[];
}

interface SampleEncounter {
  id: string;
  visit: string;
  patient: { mrn: string; name: string; birthDate: string; sex: 'female' | 'male' | 'unknown' };
  dateOfService: string;
  dischargeDate?: string;
  setting: CareSetting;
  provider: { name: string; specialty: string; npi: string };
  documents: { id: string; title: string; author: string; date: string; text: string }[];
  answerKey: { diagnoses: SampleDiagnosis[]; procedures: SampleProcedure[]; rationale: string };
}

const ENCOUNTERS_JSON = resolve(import.meta.dirname, '../../../resources/sample-encounters/encounters.json');
const CPT_FIXTURE = resolve(import.meta.dirname, '../../fixtures/cpt-synthetic-2026.txt');

const CM_2026 = 'icd10cm/FY2026/icd10cm_order_2026.txt';
const CM_ADDENDA_2027 = 'icd10cm/FY2027/icd10cm_order_addenda_2027.txt';
const PCS_2026 = 'icd10pcs/FY2026/icd10pcs_order_2026.txt';
const HCPCS_2025_10 = 'hcpcs/2025-10/HCPC2025_OCT_ANWEB.xlsx';

const SETTINGS: readonly CareSetting[] = ['office', 'emergency', 'outpatient-surgery', 'inpatient', 'dme-supplier'];
const POA_VALUES: readonly PresentOnAdmission[] = ['Y', 'N', 'U', 'W', '1'];
/** CPT (AMA) modifiers: not in the HCPCS file, allowed on CPT lines only. */
const CPT_MODIFIERS = new Set(['22', '24', '25', '26', '33', '50', '51', '52', '53', '57', '58', '59', '76', '77', '78', '79', '91']);

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (s: string) => ISO_DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

/** Chapter 20 external causes (V00-Y99): never first-listed, never a line's pointer. */
const isExternalCause = (code: string) => /^[VWXY]/.test(code);
/** A 7-character injury code with its 7th character (A, D, S, or a fracture variant). */
const isInjuryWith7th = (code: string) => /^S[0-9]{2}[0-9A-Z]{4}$/.test(code);

const encounters: SampleEncounter[] = JSON.parse(readFileSync(ENCOUNTERS_JSON, 'utf8')) as SampleEncounter[];

let cm2026: CodeListRelease;
let cm2027: CodeListRelease;
let pcs2026: CodeListRelease;
let hcpcs: Map<string, CodeRecord>;
let cpt: Set<string>;

const byCode = (release: CodeListRelease) => new Map(release.codes.map((c) => [c.code, c]));
let cm2026Codes: Map<string, CodeRecord>;
let cm2027Codes: Map<string, CodeRecord>;
let pcsCodes: Map<string, CodeRecord>;

beforeAll(async () => {
  const cptFile = { name: basename(CPT_FIXTURE), bytes: new Uint8Array(readFileSync(CPT_FIXTURE)) };
  const [cm, addenda, pcs, hcpcsRelease, cptRelease] = await Promise.all([
    parseOrderFile(rawFile(CM_2026), 'icd10cm'),
    parseOrderAddenda(rawFile(CM_ADDENDA_2027)),
    parseOrderFile(rawFile(PCS_2026), 'icd10pcs'),
    parseHcpcsXlsx(rawFile(HCPCS_2025_10)),
    parseCptFile(cptFile),
  ]);
  cm2026 = cm;
  cm2027 = applyAddenda(cm, addenda);
  pcs2026 = pcs;
  cm2026Codes = byCode(cm2026);
  cm2027Codes = byCode(cm2027);
  pcsCodes = byCode(pcs2026);
  hcpcs = byCode(hcpcsRelease);
  cpt = new Set(cptRelease.codes.map((c) => c.code));
});

/** The ICD-10-CM release whose effective range holds the date, or undefined. */
function cmReleaseOn(date: string): { release: CodeListRelease; codes: Map<string, CodeRecord> } | undefined {
  return [
    { release: cm2026, codes: cm2026Codes },
    { release: cm2027, codes: cm2027Codes },
  ].find(({ release }) => release.meta.effectiveFrom <= date && (release.meta.effectiveTo === null || date <= release.meta.effectiveTo));
}

/** CMS semantics (see countHcpcs): added on or before the date and not terminated before it. */
function hcpcsActiveOn(code: string, kind: 'code' | 'modifier', date: string): boolean {
  const rec = hcpcs.get(code);
  if (!rec || rec.kind !== kind) return false;
  if (rec.addedOn !== undefined && rec.addedOn > date) return false;
  return rec.terminatedOn === undefined || rec.terminatedOn >= date;
}

const setDate = (e: SampleEncounter) => codeSetDate(e);
const inRange = (date: string, from: string, to: string) => from <= date && date <= to;
const allCodes = (e: SampleEncounter) => e.answerKey.diagnoses.map((d) => d.code);
const longestDocument = (e: SampleEncounter) => Math.max(...e.documents.map((d) => d.text.length));
const totalText = (e: SampleEncounter) => e.documents.reduce((n, d) => n + d.text.length, 0);

describe('sample encounters: shape', () => {
  it('has at least 32 encounters with unique ids enc-NNNN', () => {
    expect(encounters.length).toBeGreaterThanOrEqual(32);
    const ids = encounters.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^enc-\d{4}$/);
  });

  it('gives every document a unique id made from its encounter id', () => {
    const docIds = encounters.flatMap((e) => e.documents.map((d) => d.id));
    expect(new Set(docIds).size).toBe(docIds.length);
    for (const e of encounters) {
      expect(e.documents.length, e.id).toBeGreaterThan(0);
      e.documents.forEach((d, i) => {
        expect(d.id).toBe(`${e.id}-doc-${i + 1}`);
        expect(d.title.trim(), d.id).not.toBe('');
        expect(d.author.trim(), d.id).not.toBe('');
        expect(isRealDate(d.date), `${d.id} date ${d.date}`).toBe(true);
        expect(d.text.trim().length, d.id).toBeGreaterThan(200);
      });
    }
  });

  it('uses invented identifiers: MRN-NNNNNN, 10-digit NPIs starting with 9, real dates', () => {
    const mrns = encounters.map((e) => e.patient.mrn);
    for (const e of encounters) {
      expect(e.patient.mrn, e.id).toMatch(/^MRN-\d{6}$/);
      expect(e.provider.npi, e.id).toMatch(/^9\d{9}$/);
      expect(e.patient.name.trim(), e.id).not.toBe('');
      expect(['female', 'male', 'unknown']).toContain(e.patient.sex);
      expect(isRealDate(e.patient.birthDate), `${e.id} birthDate`).toBe(true);
      expect(isRealDate(e.dateOfService), `${e.id} dateOfService`).toBe(true);
      expect(e.patient.birthDate <= e.dateOfService, `${e.id} born after the visit`).toBe(true);
      expect(SETTINGS).toContain(e.setting);
    }
    // One patient per encounter in this set.
    expect(new Set(mrns).size).toBe(mrns.length);
  });

  it('stores codes without dots, in upper case', () => {
    for (const e of encounters) {
      for (const d of e.answerKey.diagnoses) expect(d.code, e.id).toMatch(/^[A-Z][0-9A-Z]{2,6}$/);
      for (const p of e.answerKey.procedures) expect(p.code, e.id).toMatch(/^[0-9A-Z]{5,7}$/);
    }
  });

  it('has a rationale and at least one diagnosis and one procedure line per answer key', () => {
    for (const e of encounters) {
      expect(e.answerKey.rationale.trim().length, e.id).toBeGreaterThan(40);
      expect(e.answerKey.diagnoses.length, e.id).toBeGreaterThan(0);
      expect(e.answerKey.diagnoses.length, `${e.id}: a claim carries at most 12 diagnoses`).toBeLessThanOrEqual(12);
      expect(e.answerKey.procedures.length, e.id).toBeGreaterThan(0);
    }
  });
});

describe('sample encounters: evidence and pointers', () => {
  it('finds every evidence string verbatim in one of the encounter\u2019s documents', () => {
    for (const e of encounters) {
      for (const d of e.answerKey.diagnoses) {
        expect(d.evidence.trim().length, `${e.id} ${d.code}`).toBeGreaterThanOrEqual(5);
        const found = e.documents.some((doc) => doc.text.includes(d.evidence));
        expect(found, `${e.id} ${d.code}: evidence "${d.evidence}" is not in any document`).toBe(true);
      }
    }
  });

  it('points each line at 1 to 4 distinct diagnoses of its own answer key', () => {
    for (const e of encounters) {
      const n = e.answerKey.diagnoses.length;
      e.answerKey.procedures.forEach((p, i) => {
        const where = `${e.id} line ${i + 1} (${p.code})`;
        expect(p.pointers.length, where).toBeGreaterThanOrEqual(1);
        expect(p.pointers.length, where).toBeLessThanOrEqual(MAX_POINTERS_PER_LINE);
        expect(new Set(p.pointers).size, where).toBe(p.pointers.length);
        for (const ptr of p.pointers) {
          expect(Number.isInteger(ptr) && ptr >= 0 && ptr < n, `${where}: pointer ${ptr} out of range 0-${n - 1}`).toBe(true);
        }
      });
    }
  });

  it('gives positive whole units and at most 4 two-character modifiers per line', () => {
    for (const e of encounters) {
      for (const p of e.answerKey.procedures) {
        expect(Number.isInteger(p.units) && p.units > 0, `${e.id} ${p.code} units ${p.units}`).toBe(true);
        expect(p.modifiers.length, `${e.id} ${p.code}`).toBeLessThanOrEqual(MAX_MODIFIERS_PER_LINE);
        expect(new Set(p.modifiers).size, `${e.id} ${p.code}`).toBe(p.modifiers.length);
        for (const m of p.modifiers) expect(m, `${e.id} ${p.code}`).toMatch(/^[0-9A-Z]{2}$/);
      }
    }
  });
});

describe('sample encounters: settings', () => {
  it('gives inpatient stays a discharge date, POA on every diagnosis and ICD-10-PCS procedures only', () => {
    for (const e of encounters.filter((x) => x.setting === 'inpatient')) {
      expect(e.dischargeDate, e.id).toBeDefined();
      expect(isRealDate(e.dischargeDate ?? ''), `${e.id} dischargeDate`).toBe(true);
      expect((e.dischargeDate ?? '') >= e.dateOfService, `${e.id} discharged before admission`).toBe(true);
      for (const d of e.answerKey.diagnoses) expect(POA_VALUES, `${e.id} ${d.code} POA`).toContain(d.poa);
      for (const p of e.answerKey.procedures) expect(p.system, `${e.id} ${p.code}`).toBe('icd10pcs');
    }
  });

  it('gives other settings no discharge date, no POA and no ICD-10-PCS', () => {
    for (const e of encounters.filter((x) => x.setting !== 'inpatient')) {
      expect(e.dischargeDate, e.id).toBeUndefined();
      for (const d of e.answerKey.diagnoses) expect(d.poa, `${e.id} ${d.code}`).toBeUndefined();
      for (const p of e.answerKey.procedures) expect(p.system, `${e.id} ${p.code}`).not.toBe('icd10pcs');
    }
  });

  it('bills DME suppliers with HCPCS Level II lines only', () => {
    for (const e of encounters.filter((x) => x.setting === 'dme-supplier')) {
      for (const p of e.answerKey.procedures) expect(p.system, `${e.id} ${p.code}`).toBe('hcpcs');
    }
  });
});

describe('sample encounters: codes on the real files', () => {
  it('reads the releases it checks against', () => {
    expect(cm2026.meta).toMatchObject({ version: 'FY2026', effectiveFrom: '2025-10-01', effectiveTo: '2026-09-30' });
    expect(cm2027.meta).toMatchObject({ version: 'FY2027', effectiveFrom: '2026-10-01', effectiveTo: '2027-09-30' });
    expect(pcs2026.meta).toMatchObject({ system: 'icd10pcs', version: 'FY2026' });
    expect(hcpcs.get('A4253')?.kind).toBe('code');
    expect(cpt.has('99213')).toBe(true);
  });

  it('uses ICD-10-CM codes billable in the release in effect on each encounter\u2019s code-set date', () => {
    for (const e of encounters) {
      const date = setDate(e);
      const inEffect = cmReleaseOn(date);
      expect(inEffect, `${e.id}: no ICD-10-CM release in effect on ${date}`).toBeDefined();
      for (const d of e.answerKey.diagnoses) {
        const rec = inEffect?.codes.get(d.code);
        expect(rec, `${e.id}: ${d.code} is not in ICD-10-CM ${inEffect?.release.meta.version}`).toBeDefined();
        expect(rec?.billable, `${e.id}: ${d.code} is a header in ICD-10-CM ${inEffect?.release.meta.version}, not billable`).toBe(true);
      }
    }
  });

  it('uses ICD-10-PCS codes valid in FY2026', () => {
    const pcsLines = encounters.flatMap((e) => e.answerKey.procedures.filter((p) => p.system === 'icd10pcs').map((p) => ({ e, p })));
    expect(pcsLines.length).toBeGreaterThan(0);
    for (const { e, p } of pcsLines) {
      expect(p.code, e.id).toHaveLength(7);
      expect(pcsCodes.get(p.code)?.billable, `${e.id}: ${p.code} is not a valid ICD-10-PCS FY2026 code`).toBe(true);
    }
  });

  it('uses HCPCS Level II codes active on the date of service (HCPCS 2025-10)', () => {
    const lines = encounters.flatMap((e) => e.answerKey.procedures.filter((p) => p.system === 'hcpcs').map((p) => ({ e, p })));
    expect(lines.length).toBeGreaterThan(0);
    for (const { e, p } of lines) {
      expect(p.code, e.id).toMatch(/^[A-Z]\d{4}$/);
      expect(hcpcsActiveOn(p.code, 'code', e.dateOfService), `${e.id}: ${p.code} is not an active HCPCS code on ${e.dateOfService}`).toBe(true);
    }
  });

  it('uses modifiers active in the HCPCS file, or CPT modifiers on CPT lines only', () => {
    for (const e of encounters) {
      for (const p of e.answerKey.procedures) {
        for (const m of p.modifiers) {
          const where = `${e.id} ${p.code}-${m}`;
          if (hcpcs.get(m)?.kind === 'modifier') {
            expect(hcpcsActiveOn(m, 'modifier', e.dateOfService), `${where}: modifier not active on ${e.dateOfService}`).toBe(true);
          } else {
            expect(p.system, `${where}: not a HCPCS modifier, so it must be a CPT modifier on a CPT line`).toBe('cpt');
            expect(CPT_MODIFIERS.has(m), `${where}: unknown modifier`).toBe(true);
          }
        }
      }
    }
  });

  it('uses CPT codes from the synthetic CPT list only', () => {
    const lines = encounters.flatMap((e) => e.answerKey.procedures.filter((p) => p.system === 'cpt').map((p) => ({ e, p })));
    expect(lines.length).toBeGreaterThan(0);
    for (const { e, p } of lines) expect(cpt.has(p.code), `${e.id}: ${p.code} is not in cpt-synthetic-2026.txt`).toBe(true);
  });

  it('uses at least one code that is new in FY2027 on an encounter coded with FY2027', () => {
    const fy2027Only = encounters.flatMap((e) =>
      setDate(e) >= '2026-10-01' ? allCodes(e).filter((c) => cm2027Codes.get(c)?.billable && !cm2026Codes.get(c)?.billable).map((c) => `${e.id} ${c}`) : [],
    );
    expect(fy2027Only.length, 'no FY2027-only code in the answer keys').toBeGreaterThanOrEqual(1);
  });
});

describe('sample encounters: coding conventions the keys follow', () => {
  it('never lists an external cause, a Z3A weeks code, an infectious-agent code or a dementia manifestation first', () => {
    for (const e of encounters) {
      const first = e.answerKey.diagnoses[0].code;
      expect(isExternalCause(first), `${e.id}: ${first} first`).toBe(false);
      expect(first.startsWith('Z3A'), `${e.id}: ${first} first`).toBe(false);
      expect(/^B9[567]/.test(first), `${e.id}: ${first} first`).toBe(false);
      expect(first.startsWith('F02'), `${e.id}: ${first} first`).toBe(false);
    }
  });

  it('never points a line at an external cause code', () => {
    for (const e of encounters) {
      for (const p of e.answerKey.procedures) {
        // Out-of-range pointers are reported by the pointer test above.
        for (const ptr of p.pointers) expect(isExternalCause(e.answerKey.diagnoses[ptr]?.code ?? ''), `${e.id} ${p.code}`).toBe(false);
      }
    }
  });

  it('sequences dementia (F02) after its etiology and adds the CKD stage after E11.22', () => {
    const withF02 = encounters.filter((e) => allCodes(e).some((c) => c.startsWith('F02')));
    expect(withF02.length).toBeGreaterThanOrEqual(1);
    for (const e of withF02) {
      const codes = allCodes(e);
      const f02 = codes.findIndex((c) => c.startsWith('F02'));
      const etiology = codes.findIndex((c) => /^G3[01]/.test(c));
      expect(etiology >= 0 && etiology < f02, `${e.id}: F02 must follow its etiology`).toBe(true);
    }
    const withE1122 = encounters.filter((e) => allCodes(e).includes('E1122'));
    expect(withE1122.length).toBeGreaterThanOrEqual(1);
    for (const e of withE1122) {
      const codes = allCodes(e);
      const stage = codes.findIndex((c) => /^N18[1-6]/.test(c));
      expect(stage > codes.indexOf('E1122'), `${e.id}: E11.22 needs its N18 stage after it`).toBe(true);
    }
  });

  it('includes a provider query case and an unspecified-only case, said in the rationale', () => {
    expect(encounters.filter((e) => /\bquery\b/i.test(e.answerKey.rationale)).length).toBeGreaterThanOrEqual(1);
    expect(encounters.filter((e) => /unspecified/i.test(e.answerKey.rationale)).length).toBeGreaterThanOrEqual(1);
  });
});

describe('sample encounters: coverage', () => {
  const count = (pred: (e: SampleEncounter) => boolean) => encounters.filter(pred).length;

  it('covers every setting in the promised numbers', () => {
    expect(count((e) => e.setting === 'office' && /new patient/i.test(e.visit))).toBeGreaterThanOrEqual(2);
    expect(count((e) => e.setting === 'office' && /established patient/i.test(e.visit))).toBeGreaterThanOrEqual(2);
    expect(count((e) => e.setting === 'emergency')).toBeGreaterThanOrEqual(3);
    expect(count((e) => e.setting === 'office' && /urgent care/i.test(e.visit))).toBeGreaterThanOrEqual(2);
    expect(count((e) => /behavioral health/i.test(e.visit))).toBeGreaterThanOrEqual(2);
    const radiology = encounters.filter((e) => /^radiology/i.test(e.visit));
    expect(radiology.length).toBeGreaterThanOrEqual(2);
    for (const e of radiology) expect(e.setting, e.id).toBe('office');
    expect(count((e) => e.setting === 'outpatient-surgery')).toBeGreaterThanOrEqual(3);
    expect(count((e) => e.setting === 'dme-supplier')).toBeGreaterThanOrEqual(3);
    const inpatient = count((e) => e.setting === 'inpatient');
    expect(inpatient).toBeGreaterThanOrEqual(3);
    expect(inpatient).toBeLessThanOrEqual(4);
  });

  it('has DME lines with the usual supplier modifiers', () => {
    const mods = new Set(encounters.filter((e) => e.setting === 'dme-supplier').flatMap((e) => e.answerKey.procedures.flatMap((p) => p.modifiers)));
    for (const m of ['RT', 'LT', 'NU', 'KX']) expect(mods.has(m), m).toBe(true);
  });

  it('has at least 4 injuries with a 7th character, one with placeholder X, initial and subsequent', () => {
    const injuries = encounters.filter((e) => allCodes(e).some(isInjuryWith7th));
    expect(injuries.length).toBeGreaterThanOrEqual(4);
    const codes = injuries.flatMap((e) => allCodes(e).filter(isInjuryWith7th));
    expect(codes.some((c) => c.slice(3, 6).includes('X')), 'a placeholder X').toBe(true);
    expect(codes.some((c) => c.endsWith('A')), 'an initial encounter').toBe(true);
    expect(codes.some((c) => c.endsWith('D')), 'a subsequent encounter').toBe(true);
  });

  it('has at least 2 pregnancy encounters with O codes and Z3A weeks', () => {
    expect(count((e) => allCodes(e).some((c) => c.startsWith('O')) && allCodes(e).some((c) => c.startsWith('Z3A')))).toBeGreaterThanOrEqual(2);
  });

  it('has code-set dates on both sides of 2026-10-01', () => {
    expect(count((e) => inRange(setDate(e), '2026-06-01', '2026-09-30'))).toBeGreaterThanOrEqual(10);
    expect(count((e) => inRange(setDate(e), '2026-10-01', '2026-11-20'))).toBeGreaterThanOrEqual(10);
  });

  it('has long notes: 5 encounters with a note over 6,000 characters, one over 15,000 in all', () => {
    expect(count((e) => longestDocument(e) > 6000)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...encounters.map(totalText))).toBeGreaterThan(15000);
    expect(count((e) => e.documents.length >= 2)).toBeGreaterThanOrEqual(5);
  });

  it('has patients of every age: newborn, children, adults, Medicare age', () => {
    const age = (e: SampleEncounter) => ageOn(e.patient.birthDate, e.dateOfService);
    const days = (e: SampleEncounter) => (Date.parse(e.dateOfService) - Date.parse(e.patient.birthDate)) / 86_400_000;
    expect(count((e) => days(e) <= 28)).toBeGreaterThanOrEqual(1);
    expect(count((e) => age(e) < 18)).toBeGreaterThanOrEqual(3);
    expect(count((e) => age(e) >= 18 && age(e) < 65)).toBeGreaterThanOrEqual(10);
    expect(count((e) => age(e) >= 65)).toBeGreaterThanOrEqual(5);
  });
});
