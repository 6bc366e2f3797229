import { beforeAll, describe, expect, it } from 'vitest';
import { corpusFromStoredReleases } from '../../../core/search/corpus-from-rows';
import { LookupEngine, type LookupOptions } from '../../../core/search/lookup-engine';
import { DEFAULT_OUT_DIR, packsPresent } from '../../../scripts/codesets-build';
import { loadStoredReleases } from '../../../scripts/load-packs';

/**
 * The lookup engine on the full installed code sets (the packs `npm run codesets:build` made
 * from the official files): ranking a coder would accept, code-shaped input, filters, and
 * queries that must never be slow or throw.
 */
let engine: LookupEngine;
const MAY_2026: LookupOptions = { date: '2026-05-01' };
const codes = (query: string, opts: LookupOptions = MAY_2026) => engine.search(query, opts).results.map((r) => r.code);

beforeAll(() => {
  if (!packsPresent(DEFAULT_OUT_DIR)) throw new Error('no code-set packs: run npm run codesets:build first');
  engine = new LookupEngine(corpusFromStoredReleases(loadStoredReleases(DEFAULT_OUT_DIR)).corpus);
}, 120_000);

describe('ranking: the code a coder would choose is in the top 3', () => {
  it.each([
    ['type 2 diabetes with hyperglycemia', 'E1165'],
    ['diabetes type 2 hyperglycemia', 'E1165'],
    ['diab typ 2 hyperg', 'E1165'],
    ['type 1 diabetes with ketoacidosis', 'E1010'],
    ['essential hypertension', 'I10'],
    ['HTN', 'I10'],
    ['CHF', 'I509'],
    ['acute exacerbation of COPD', 'J441'],
    ['COPD', 'J449'],
    ['asthma', 'J45909'],
    ['pneumonia', 'J189'],
    ['neumonia', 'J189'],
    ['pnuemonia', 'J189'],
    ['urinary tract infection', 'N390'],
    ['UTI', 'N390'],
    ['GERD', 'K219'],
    ['atrial fibrillation', 'I4891'],
    ['afib', 'I4891'],
    ['hyperlipidemia', 'E785'],
    ['hypothyroidism', 'E039'],
    ['major depressive disorder single episode', 'F329'],
    ['generalized anxiety disorder', 'F411'],
    ['low back pain', 'M5450'],
    ['seizure', 'R569'],
    ['septic shock', 'R6521'],
    ['spetic shock', 'R6521'],
    ['broken wrist', 'S52509A'],
    ['Graves disease', 'E0500'],
    ['Hashimoto thyroiditis', 'E063'],
    ['obesity', 'E669'],
    ['chest pain', 'R079'],
    ['headache', 'R51.9'.replace('.', '')],
    ['blood glucose test strips', 'A4253'],
    ['CPAP device', 'E0601'],
    ['COVID-19', 'U071'],
    ['encounter for screening for malignant neoplasm of colon', 'Z1211'],
  ])('%s -> %s', (query, code) => {
    expect(codes(query).slice(0, 3)).toContain(code);
  });

  it('explains why the index target ranks: the path that led there', () => {
    const [top] = engine.search('diabetes type 2 hyperglycemia', MAY_2026).results;
    expect(top.code).toBe('E1165');
    expect(top.indexTerm).toMatch(/^Diabetes, diabetic .*> type 2 > with > hyperglycemia$/);
    expect(top.title.slice(top.matched[0][0], top.matched[0][1]).toLowerCase()).toBe('type');
  });

  it('corrects a misspelled first letter and says so', () => {
    const answer = engine.search('neumonia', MAY_2026);
    expect(answer.corrections).toEqual([{ typed: 'neumonia', searched: 'pneumonia' }]);
  });
});

describe('code-shaped input', () => {
  it.each([
    ['E11.9', 'E119'],
    ['e119', 'E119'],
    ['E11', 'E11'],
    ['j45.9', 'J459'],
    ['A4253', 'A4253'],
    ['0DTJ4ZZ', '0DTJ4ZZ'],
    ['s52.501a', 'S52501A'],
    ['m48.40xa', 'M4840XA'],
  ])('%s finds %s first', (query, code) => {
    const answer = engine.search(query, MAY_2026);
    expect(answer.mode).toBe('code');
    expect(answer.results[0].code).toBe(code);
  });

  it('a code prefix lists the codes below it in code order, the typed code set first', () => {
    const results = engine.search('E11', MAY_2026).results;
    expect(results[0]).toMatchObject({ code: 'E11', billable: false, display: 'E11' });
    expect(results.slice(1, 4).map((r) => r.code)).toEqual(['E110', 'E1100', 'E1101']);
    // A dot means ICD-10-CM: "E11.9" never offers HCPCS E1190.
    expect(engine.search('E11.9', MAY_2026).results.every((r) => r.system === 'icd10cm')).toBe(true);
    expect(engine.search('e119', MAY_2026).results.map((r) => r.code)).toContain('E1190');
  });
});

describe('filters', () => {
  it('by code set', () => {
    const hcpcs = engine.search('wheelchair', { ...MAY_2026, systems: ['hcpcs'] }).results;
    expect(hcpcs.length).toBeGreaterThan(5);
    expect(hcpcs.every((r) => r.system === 'hcpcs')).toBe(true);
    expect(engine.search('wheelchair', { ...MAY_2026, systems: ['icd10pcs'] }).results.every((r) => r.system === 'icd10pcs')).toBe(true);
  });

  it('billable only hides headers and modifiers', () => {
    const all = engine.search('E11', MAY_2026).results;
    const billable = engine.search('E11', { ...MAY_2026, billableOnly: true }).results;
    expect(all.some((r) => !r.billable)).toBe(true);
    expect(billable.length).toBeGreaterThan(0);
    expect(billable.every((r) => r.billable)).toBe(true);
  });

  it('by date of service: the release in effect then, and its version on each result', () => {
    expect(codes('C78.31', { date: '2026-09-30' })).not.toContain('C7831');
    const after = engine.search('C78.31', { date: '2026-10-01' }).results;
    expect(after[0]).toMatchObject({ code: 'C7831', version: 'FY2027' });
    expect(engine.search('E11.65', { date: '2026-09-30' }).results[0].version).toBe('FY2026');
    // Z87.890 was billable in FY2026 and is a header in FY2027.
    expect(engine.search('Z87.890', { date: '2026-05-01' }).results[0]).toMatchObject({ code: 'Z87890', billable: true });
    expect(engine.search('Z87.890', { date: '2026-11-01' }).results[0]).toMatchObject({ code: 'Z87890', billable: false });
  });
});

describe('queries that must return quickly without errors', () => {
  const long = 'chronic obstructive pulmonary disease with acute exacerbation and pneumonia '.repeat(8).slice(0, 500);
  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['one character', 'e'],
    ['one digit', '9'],
    ['punctuation only', '.,;:!?-()[]/'],
    ['500 characters', long],
    ['symbols and words', '%%% diabetes ###'],
    ['unicode', 'Sjögren syndrome'],
  ])('%s', (_name, query) => {
    const started = performance.now();
    const answer = engine.search(query, MAY_2026);
    expect(performance.now() - started).toBeLessThan(250);
    expect(Array.isArray(answer.results)).toBe(true);
    if (!/[a-z0-9]/i.test(query)) expect(answer.results).toEqual([]);
  });

  it('finds the right code in a pasted 500-character phrase', () => {
    expect(codes(long).slice(0, 10)).toContain('J441');
  });

  it('folds diacritics: Sjögren finds Sjogren', () => {
    expect(codes('Sjögren syndrome')[0]).toMatch(/^M350/);
  });
});
