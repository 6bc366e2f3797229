/**
 * From the files a coder picks to packs: telling the official files apart, building FY2026 and
 * FY2027 (from the FY2027 addenda) in one batch, refusing a batch with any bad file, and the
 * Tabular/Index reference packs made from the real FY2023 XML.
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { strToU8 } from 'fflate';
import { identifyReleaseFile, indexPack, INDEX_TERMS_PER_DOCUMENT, releaseFilesToPacks, tabularPack, type FindBaseRelease } from '../../../core/codesets/release-files';
import { parseOrderFile } from '../../../core/codesets/order-file';
import { parseTabularXml } from '../../../core/codesets/tabular-xml';
import { parseIndexXml } from '../../../core/codesets/index-xml';
import type { Pack } from '../../../core/codesets/pack';
import type { CodeListRelease, ReleaseFile } from '../../../core/codesets/types';
import { rawFile } from '../raw-files';
import { formatError } from './expect-format-error';

const CM_ZIP = 'icd10cm/FY2026/cms_2026_dx.zip';
const PCS_ZIP = 'icd10pcs/FY2026/cms_2026_pr.zip';
const ADDENDA_2027 = 'icd10cm/FY2027/icd10cm_order_addenda_2027.txt';
const TABULAR = 'icd10cm/FY2023-tabular-index-xml/icd10cm_tabular_2023.xml';
const INDEX = 'icd10cm/FY2023-tabular-index-xml/icd10cm_index_2023.xml';
const HCPCS = 'hcpcs/2025-10/HCPC2025_OCT_ANWEB.xlsx';
const CPT_FIXTURE = resolve(import.meta.dirname, '../../fixtures/cpt-synthetic-2026.txt');

const cptFixture = (): ReleaseFile => ({ name: basename(CPT_FIXTURE), bytes: new Uint8Array(readFileSync(CPT_FIXTURE)) });

let cmZip: ReleaseFile;
let addenda2027: ReleaseFile;
let tabularFile: ReleaseFile;
let indexFile: ReleaseFile;
/** FY2026 as an installed release would hand it back to `findBase`. */
let fy2026: CodeListRelease;

beforeAll(async () => {
  cmZip = rawFile(CM_ZIP);
  addenda2027 = rawFile(ADDENDA_2027);
  tabularFile = rawFile(TABULAR);
  indexFile = rawFile(INDEX);
  fy2026 = await parseOrderFile(cmZip, 'icd10cm');
});

/** A findBase that must not be asked (the batch holds its base, or fails first). */
const noBase = () => vi.fn<FindBaseRelease>(async () => null);

describe('identifyReleaseFile on the real files', () => {
  it('tells the CMS zips by the order file they hold', () => {
    // The CM zip also holds the FY2026 addenda; it is still the full order-file release.
    expect(identifyReleaseFile(cmZip)).toBe('icd10cm-order');
    expect(identifyReleaseFile(rawFile(PCS_ZIP))).toBe('icd10pcs-order');
  });

  it('tells the bare order files and the addenda by name', () => {
    expect(identifyReleaseFile(rawFile('icd10cm/FY2026/icd10cm_order_2026.txt'))).toBe('icd10cm-order');
    expect(identifyReleaseFile(rawFile('icd10pcs/FY2026/icd10pcs_order_2026.txt'))).toBe('icd10pcs-order');
    expect(identifyReleaseFile(addenda2027)).toBe('icd10cm-addenda');
    expect(identifyReleaseFile(rawFile('icd10cm/FY2026/icd10cm_order_addenda_2026.txt'))).toBe('icd10cm-addenda');
  });

  it('tells the Tabular from the Index by the XML root element, whatever the file is called', () => {
    expect(identifyReleaseFile(tabularFile)).toBe('icd10cm-tabular');
    expect(identifyReleaseFile(indexFile)).toBe('icd10cm-index');
    expect(identifyReleaseFile({ name: 'download.xml', bytes: tabularFile.bytes })).toBe('icd10cm-tabular');
    expect(identifyReleaseFile({ name: 'tabular.xml', bytes: indexFile.bytes })).toBe('icd10cm-index');
    expect(identifyReleaseFile({ name: 'icd10cm_tabular_2023.xml', bytes: strToU8('<?xml version="1.0"?>\n<ClaML version="2.0.0"/>\n') })).toBeNull();
  });

  it('tells the HCPCS workbook and a CPT file', () => {
    expect(identifyReleaseFile(rawFile(HCPCS))).toBe('hcpcs-xlsx');
    expect(identifyReleaseFile(cptFixture())).toBe('cpt');
  });

  it('returns null for files that look related but are not releases it reads', () => {
    expect(identifyReleaseFile(rawFile('icd10cm/FY2026/icd10OrderFiles.pdf'))).toBeNull();
    expect(identifyReleaseFile(rawFile('gem/FY2018/Dxgem_guide_2018.pdf'))).toBeNull();
    // The codes-only file (billable codes, no headers) and the CDC conversion table.
    expect(identifyReleaseFile(rawFile('icd10cm/FY2026/icd10cm_codes_2026.txt'))).toBeNull();
    expect(identifyReleaseFile(rawFile('icd10cm/FY2026/ICD-10-CM-CONVERSION-TABLE-FY2026.xlsx'))).toBeNull();
    // The PCS addenda and a zip of something else (the GEMs).
    expect(identifyReleaseFile(rawFile('icd10pcs/FY2026/order_addenda_2026.txt'))).toBeNull();
    expect(identifyReleaseFile(rawFile('gem/FY2018/Dxgem_2018.zip'))).toBeNull();
  });
});

describe('releaseFilesToPacks', () => {
  it('builds FY2026 and FY2027 from the CMS zip and the FY2027 addenda', async () => {
    const findBase = noBase();
    const packs = await releaseFilesToPacks([addenda2027, cmZip], findBase);
    expect(findBase).not.toHaveBeenCalled();
    expect(packs.map((p) => p.header.meta.version)).toEqual(['FY2026', 'FY2027']);
    expect(packs[0].header.counts).toEqual({ rows: 98186, billable: 74719, headers: 23467 });
    expect(packs[1].header.counts).toEqual({ rows: 98403, billable: 74879, headers: 23524 });
    expect(packs[1].header.meta).toMatchObject({
      system: 'icd10cm',
      content: 'codes',
      effectiveFrom: '2026-10-01',
      effectiveTo: '2027-09-30',
      derivedFrom: 'ICD-10-CM FY2026 order file + FY2027 order addenda',
    });
    expect(packs[1].header.meta.sources.map((s) => s.name)).toEqual(['cms_2026_dx.zip', 'icd10cm_order_addenda_2027.txt']);
    expect(packs[0].header.id).toMatch(/^icd10cm-codes-FY2026-[0-9a-f]{8}$/);
    expect(packs[1].header.id).toMatch(/^icd10cm-codes-FY2027-[0-9a-f]{8}$/);
  });

  it('refuses the FY2027 addenda alone when FY2026 is not installed', async () => {
    const findBase = noBase();
    const err = await formatError(releaseFilesToPacks([addenda2027], findBase));
    expect(findBase).toHaveBeenCalledWith('FY2026');
    expect(err.location).toEqual({ file: 'icd10cm_order_addenda_2027.txt' });
    expect(err.message).toBe(
      'icd10cm_order_addenda_2027.txt: this addenda builds FY2027 from ICD-10-CM FY2026, which is neither installed nor among the files given; import the FY2026 order file with it',
    );
  });

  it('applies the FY2027 addenda alone to the installed FY2026', async () => {
    const findBase = vi.fn<FindBaseRelease>(async (version) => (version === 'FY2026' ? fy2026 : null));
    const packs = await releaseFilesToPacks([addenda2027], findBase);
    expect(findBase).toHaveBeenCalledWith('FY2026');
    expect(packs).toHaveLength(1);
    expect(packs[0].header.meta.version).toBe('FY2027');
    expect(packs[0].header.counts).toEqual({ rows: 98403, billable: 74879, headers: 23524 });
  });

  it('refuses an unrecognized file, naming it, before reading anything', async () => {
    const findBase = noBase();
    const err = await formatError(releaseFilesToPacks([cmZip, rawFile('icd10cm/FY2026/icd10OrderFiles.pdf')], findBase));
    expect(err.location).toEqual({ file: 'icd10OrderFiles.pdf' });
    expect(err.message).toMatch(/^icd10OrderFiles\.pdf: not a release file this app reads: expected a CMS ICD-10-CM\/PCS order file/);
    expect(findBase).not.toHaveBeenCalled();
  });

  it('refuses the whole batch when its second file is damaged', async () => {
    const damagedZip = { name: 'cms_2026_pr.zip', bytes: rawFile(PCS_ZIP).bytes.slice(0, 400_000) };
    const zipErr = await formatError(releaseFilesToPacks([addenda2027, damagedZip], noBase()));
    expect(zipErr.message).toMatch(/^cms_2026_pr\.zip: the zip is damaged or truncated/);
    // The first file parses; the second (an addenda cut before its summary) does not: no packs at all.
    const cut = new TextDecoder().decode(addenda2027.bytes).split('\r\n').slice(0, 120).join('\r\n') + '\r\n';
    const findBase = vi.fn<FindBaseRelease>(async () => fy2026);
    const result = releaseFilesToPacks([cptFixture(), { name: 'icd10cm_order_addenda_2027.txt', bytes: strToU8(cut) }], findBase);
    const err = await formatError(result);
    expect(err.location).toEqual({ file: 'icd10cm_order_addenda_2027.txt', line: 120 });
    expect(err.message).toMatch(/summary block .* is missing; the file may be truncated$/);
    expect(findBase).not.toHaveBeenCalled();
  });
});

describe('tabularPack and indexPack on the FY2023 XML', () => {
  let tabular: Pack;
  let index: Pack;
  const doc = (pack: Pack, key: string) => {
    const row = pack.rows.find((r) => r.key === key);
    return row && (JSON.parse(row.json) as Record<string, unknown>);
  };

  beforeAll(async () => {
    const [list, alpha] = await Promise.all([parseTabularXml(tabularFile), parseIndexXml(indexFile)]);
    tabular = tabularPack(list);
    index = indexPack(alpha);
  });

  it('splits the Tabular into chapter, section and category documents', () => {
    const keys = tabular.rows.map((r) => r.key);
    expect(keys).toContain('chapter:4');
    expect(keys).toContain('section:E08-E13');
    expect(keys).toContain('category:E09');
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.filter((k) => k.startsWith('chapter:'))).toHaveLength(22);
    expect(keys.filter((k) => k.startsWith('section:'))).toHaveLength(296);
    expect(tabular.header.counts).toEqual({ rows: keys.length, chapters: 22, sections: 296, entries: 45869, notes: 12397 });
    expect(tabular.rows.every((r) => r.records === 1)).toBe(true);
    expect(tabular.header.meta).toMatchObject({ system: 'icd10cm', content: 'tabular', version: 'FY2023', effectiveFrom: '2022-10-01', effectiveTo: '2023-09-30' });
    expect(tabular.header.id).toMatch(/^icd10cm-tabular-FY2023-[0-9a-f]{8}$/);
  });

  it('keeps what a coder reads in each document', () => {
    const chapter = doc(tabular, 'chapter:4')!;
    expect(chapter).toMatchObject({ number: 4, title: 'Endocrine, nutritional and metabolic diseases', range: 'E00-E89' });
    // The chapter lists its sections by id; each section is its own document.
    expect(chapter.sections).toContain('E08-E13');
    expect(doc(tabular, 'section:E08-E13')).toMatchObject({ id: 'E08-E13', title: 'Diabetes mellitus', chapter: 4, categories: ['E08', 'E09', 'E10', 'E11', 'E13'] });
    const e09 = doc(tabular, 'category:E09')!.entries as { code: string; title: string }[];
    expect(e09[0]).toMatchObject({ code: 'E09', title: 'Drug or chemical induced diabetes mellitus' });
    expect(e09.every((e) => e.code.startsWith('E09'))).toBe(true);
    expect(e09.map((e) => e.code)).toContain('E0965');
  });

  it('blocks the Index into documents holding all 8,060 main terms', () => {
    expect(index.header.counts).toMatchObject({ mainTerms: 8060, rows: index.rows.length });
    const blocks = index.rows.map((r) => (JSON.parse(r.json) as { mainTerms: unknown[] }).mainTerms.length);
    expect(blocks.reduce((a, b) => a + b, 0)).toBe(8060);
    expect(Math.max(...blocks)).toBeLessThanOrEqual(INDEX_TERMS_PER_DOCUMENT);
    expect(index.rows[0].key).toBe('A/00000');
    expect(index.rows[1].key).toBe('A/00100');
    expect((JSON.parse(index.rows[0].json) as { mainTerms: { title: string }[] }).mainTerms[0].title).toMatch(/^A/);
    expect(index.header.meta).toMatchObject({ content: 'index', version: 'FY2023' });
  });
});
