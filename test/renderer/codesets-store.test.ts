import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCodeBlock } from '../../core/codesets/code-block';
import { loadShippedPacks, type LoadProgress } from '../../renderer/codesets/load-shipped-packs';
import { importReleaseFiles } from '../../renderer/codesets/import-release-files';
import { editDataFromStoredReleases } from '../../core/coding/data/edit-data';
import { findCodesByPrefix } from '../../renderer/lookup/find-codes-by-prefix';
import { WorkstationDatabase } from '../../renderer/db/database';
import { DEFAULT_OUT_DIR, packsPresent } from '../../scripts/codesets-build';
import { strToU8, zipSync } from 'fflate';
import { rawFile } from '../core/raw-files';
import { buildXlsx, HCPCS_HEADER, hcpcsRow } from '../fixtures/xlsx-builder';

/**
 * The first-run load and imports against the real Dexie schema on fake-indexeddb, with the
 * packs `npm run codesets:build` made from the official files.
 */
const packsDir = DEFAULT_OUT_DIR;
const fetchFromDir = (dir: string) => async (path: string) => new Uint8Array(readFileSync(join(dir, path)));
let dbCount = 0;
const freshDb = () => new WorkstationDatabase(`test-${process.pid}-${++dbCount}`);

async function tableCounts(db: WorkstationDatabase) {
  return { releases: await db.releases.count(), blocks: await db.codeBlocks.count(), reference: await db.reference.count(), loads: await db.releaseLoads.count() };
}

beforeAll(() => {
  if (!packsPresent(packsDir)) throw new Error(`no packs in ${packsDir}: run npm run codesets:build first`);
});

describe('first-run load of the shipped packs', () => {
  let db: WorkstationDatabase;
  let final: LoadProgress;

  beforeAll(async () => {
    db = freshDb();
    final = await loadShippedPacks(db, fetchFromDir(packsDir), () => {});
  }, 240_000);

  it('installs every release with its marker and counts', async () => {
    expect(final.phase).toBe('ready');
    expect(final.loaded).toBe(9);
    expect(final.rowsDone).toBe(final.rowsTotal);
    const releases = await db.releases.toArray();
    const byVersion = (system: string, content: string, version: string) => releases.find((r) => r.system === system && r.content === content && r.meta.version === version)!;
    expect(byVersion('icd10cm', 'codes', 'FY2026').counts).toMatchObject({ billable: 74_719, headers: 23_467 });
    expect(byVersion('icd10cm', 'codes', 'FY2027').counts).toMatchObject({ billable: 74_879, headers: 23_524 });
    expect(byVersion('icd10pcs', 'codes', 'FY2026').counts).toMatchObject({ billable: 79_115, headers: 914 });
    expect(byVersion('hcpcs', 'codes', '2025-10').counts).toMatchObject({ codes: 8_463, modifiers: 383 });
    expect(byVersion('icd10cm', 'tabular', 'FY2023').counts).toMatchObject({ chapters: 22, entries: 45_869 });
    expect(byVersion('icd10cm', 'index', 'FY2023').counts).toMatchObject({ mainTerms: 8_060 });
    expect(byVersion('icd10cm', 'mce', 'v43.1').counts).toMatchObject({ newborn: 42, pediatric: 125, maternity: 2_543, adult: 856, manifestation: 422, unacceptablePrincipal: 2_652 });
    expect(byVersion('hcpcs', 'mue', '2026-Q2').counts).toMatchObject({ practitioner: 15_095, 'outpatient-hospital': 15_045, dme: 3_083 });
    expect(byVersion('icd10cm', 'hcc', 'V28 (2026 initial)').counts).toMatchObject({ v28Pairs: 8_183 });
    expect(await db.releaseLoads.count()).toBe(0);
  });

  it('a second start finds everything installed and reads no pack', async () => {
    const read: string[] = [];
    const progress = await loadShippedPacks(db, async (path) => {
      read.push(path);
      return fetchFromDir(packsDir)(path);
    }, () => {});
    expect(read).toEqual(['manifest.json']);
    expect(progress).toMatchObject({ phase: 'ready', alreadyInstalled: 9, loaded: 0 });
  });

  it('the edit data (MCE, MUE, HCC) reads back from the IndexedDB rows as the worker reads them', async () => {
    const releases = (await db.releases.toArray()).filter((r) => ['mce', 'mue', 'hcc'].includes(r.content));
    const stored = await Promise.all(releases.map(async (r) => ({ meta: r.meta, rows: await db.reference.where('[releaseId+key]').between([r.id, ''], [r.id, '\uffff']).toArray() })));
    const edits = editDataFromStoredReleases(stored, '2026-05-01');
    expect(edits.mce?.ageList('A33')).toEqual({ list: 'newborn', minAge: 0, maxAge: 0 });
    expect(edits.mce?.isUnacceptablePrincipal('Z99.89')).toBe(true);
    expect(edits.mue?.limit('practitioner', '0001U')).toEqual({ value: 1, adjudication: 2, rationale: 'Code Descriptor / CPT Instruction' });
    expect(edits.hcc?.v28('A01.04')).toEqual([92]);
  });

  it('the prefix lookup uses the release in effect on the date of service', async () => {
    const may = await findCodesByPrefix(db, 'e11.65', '2026-05-01');
    expect(may.matches[0]).toMatchObject({ system: 'icd10cm', version: 'FY2026', display: 'E11.65', title: 'Type 2 diabetes mellitus with hyperglycemia', billable: true });
    expect((await findCodesByPrefix(db, 'C78.31', '2026-09-30')).matches).toEqual([]);
    expect((await findCodesByPrefix(db, 'C78.31', '2026-10-01')).matches[0]).toMatchObject({ version: 'FY2027', title: 'Secondary malignant neoplasm of larynx' });
    const headers = await findCodesByPrefix(db, 'E11', '2026-05-01');
    expect(headers.matches[0]).toMatchObject({ display: 'E11', billable: false });
    const old = await findCodesByPrefix(db, 'E11', '2019-01-01');
    expect(old.matches).toEqual([]);
    expect(old.notInstalled).toContain('icd10cm');
    const pcs = await findCodesByPrefix(db, '0DTJ4ZZ', '2026-05-01');
    expect(pcs.matches[0]).toMatchObject({ system: 'icd10pcs', display: '0DTJ4ZZ', billable: true });
  });
});

describe('an interrupted load', () => {
  it('resumes after the last committed chunk and ends with exactly the shipped rows', async () => {
    const db = freshDb();
    let reports = 0;
    const stopAfter = 12;
    await expect(
      loadShippedPacks(db, fetchFromDir(packsDir), (p) => {
        if (p.phase === 'loading' && ++reports === stopAfter) throw new Error('app closed');
      }),
    ).rejects.toThrow('app closed');
    const cut = await tableCounts(db);
    expect(cut.loads).toBe(1);
    const [progress] = await db.releaseLoads.toArray();
    expect(progress.rowsDone).toBeGreaterThan(0);
    expect(await db.releases.get(progress.id)).toBeUndefined();

    const resumed: LoadProgress[] = [];
    await loadShippedPacks(db, fetchFromDir(packsDir), (p) => resumed.push(p));
    expect(resumed.at(-1)).toMatchObject({ phase: 'ready' });
    const marker = (await db.releases.get(progress.id))!;
    const blocks = await db.codeBlocks.where('[releaseId+block]').between([marker.id, ''], [marker.id, '\uffff']).toArray();
    const refs = await db.reference.where('[releaseId+key]').between([marker.id, ''], [marker.id, '\uffff']).count();
    expect(marker.content === 'codes' ? blocks.reduce((n, b) => n + readCodeBlock(b.json).length, 0) : refs).toBe(marker.records);
    expect(await db.releaseLoads.count()).toBe(0);
  }, 240_000);

  it('starts a release over when the app now ships a different pack', async () => {
    const db = freshDb();
    const manifest = JSON.parse(readFileSync(join(packsDir, 'manifest.json'), 'utf8'));
    const hcpcs = manifest.packs.find((p: { id: string }) => p.id.startsWith('hcpcs-codes-'));
    // Leftovers of an older pack of the same release: progress says 500 rows, and a stray block.
    await db.releaseLoads.put({ id: hcpcs.id, packSha256: 'an-older-pack', rowsDone: 500, rowsTotal: 600 });
    await db.codeBlocks.put({ releaseId: hcpcs.id, block: 'ZZZ', json: '{"code":["ZZZ99"],"billable":"1","shortTitle":[""],"longTitle":["stale"]}' });
    await loadShippedPacks(db, fetchFromDir(packsDir), () => {});
    expect(await db.codeBlocks.get([hcpcs.id, 'ZZZ'])).toBeUndefined();
    const blocks = await db.codeBlocks.where('[releaseId+block]').between([hcpcs.id, ''], [hcpcs.id, '\uffff']).toArray();
    expect(blocks.reduce((n, b) => n + readCodeBlock(b.json).length, 0)).toBe(8_846);
  }, 240_000);

  it('refuses a pack whose checksum does not match the manifest, installing nothing of it', async () => {
    const db = freshDb();
    const manifest = JSON.parse(readFileSync(join(packsDir, 'manifest.json'), 'utf8'));
    const first = manifest.packs[0];
    const fetchBytes = async (path: string) => {
      const bytes = await fetchFromDir(packsDir)(path);
      if (path === first.file) bytes[100] ^= 0xff;
      return bytes;
    };
    await expect(loadShippedPacks(db, fetchBytes, () => {})).rejects.toThrow(`${first.file}: pack checksum`);
    expect(await tableCounts(db)).toEqual({ releases: 0, blocks: 0, reference: 0, loads: 0 });
  });
});

describe('importing release files', () => {
  let db: WorkstationDatabase;
  beforeAll(async () => {
    db = freshDb();
    await loadShippedPacks(db, fetchFromDir(packsDir), () => {});
  }, 240_000);

  it('installs a licensed CPT file as a new release that lookups use', async () => {
    const cpt = { name: 'cpt-synthetic-2026.txt', bytes: new Uint8Array(readFileSync(resolve(import.meta.dirname, '../fixtures/cpt-synthetic-2026.txt'))) };
    const result = await importReleaseFiles(db, [cpt], () => {});
    expect(result.installed).toEqual([expect.objectContaining({ label: 'CPT 2026 codes', records: 43 })]);
    const found = await findCodesByPrefix(db, '99213', '2026-03-01');
    expect(found.matches[0]).toMatchObject({ system: 'cpt', version: '2026', billable: true });
    expect(found.matches[0].title).toMatch(/^SYNTHETIC/);
  });

  it('a wrong or damaged file stops the import and leaves IndexedDB unchanged', async () => {
    const before = await tableCounts(db);
    const order = rawFile('icd10cm/FY2026/icd10cm_order_2026.txt');
    const damaged = { name: order.name, bytes: order.bytes.slice(0, 200_000) };
    // 200,000 bytes end in the middle of a line: the parser names it.
    await expect(importReleaseFiles(db, [rawFile('hcpcs/2025-10/HCPC2025_OCT_ANWEB.xlsx'), damaged], () => {})).rejects.toThrow(/icd10cm_order_2026\.txt, line \d+/);
    await expect(importReleaseFiles(db, [rawFile('icd10cm/FY2026/icd10cmCodesFile.pdf')], () => {})).rejects.toThrow('icd10cmCodesFile.pdf: not a release file this app reads');
    await expect(importReleaseFiles(db, [rawFile('icd10cm/FY2023-tabular-index-xml/icd10cm_index_2023.xml'), { name: 'icd10cm_tabular_2024.xml', bytes: new TextEncoder().encode('<?xml version="1.0"?><ICD10CM.tabular><version>2024</version><chapter>') }], () => {})).rejects.toThrow('icd10cm_tabular_2024.xml');
    expect(await tableCounts(db)).toEqual(before);
  }, 120_000);

  /** The malformed inputs the foundation issue lists, each imported through the real path. */
  const orderLines = () => new TextDecoder().decode(rawFile('icd10cm/FY2026/icd10cm_order_2026.txt').bytes.slice(0, 2_000)).split('\r\n').slice(0, 10);
  const text = (name: string, lines: string[]) => ({ name, bytes: new TextEncoder().encode(lines.join('\r\n') + '\r\n') });
  const malformed: { what: string; file: () => { name: string; bytes: Uint8Array }; error: string }[] = [
    { what: 'a truncated line', file: () => text('icd10cm_order_2026.txt', orderLines().map((l, i) => (i === 4 ? l.slice(0, 40) : l))), error: 'icd10cm_order_2026.txt, line 5, field long title (col 78+)' },
    { what: 'a shifted column', file: () => text('icd10cm_order_2026.txt', orderLines().map((l, i) => (i === 6 ? ` ${l}` : l))), error: 'icd10cm_order_2026.txt, line 7, field order number (cols 1-5)' },
    { what: 'an empty file', file: () => ({ name: 'icd10cm_order_2026.txt', bytes: new Uint8Array() }), error: 'icd10cm_order_2026.txt: the file is empty' },
    { what: 'a zip without the expected member', file: () => ({ name: 'cms_2026_dx.zip', bytes: zipSync({ 'icd10cm_order_2026.pdf': strToU8('%PDF') }) }), error: 'cms_2026_dx.zip: not a release file this app reads' },
    { what: 'a CMS zip whose order file is empty', file: () => ({ name: 'cms_2026_dx.zip', bytes: zipSync({ 'icd10cm_order_2026.txt': new Uint8Array() , 'readme.txt': strToU8('x') }) }), error: 'icd10cm_order_2026.txt: the file is empty' },
    {
      what: 'an xlsx with a missing column',
      file: () => ({ name: 'HCPC2025_OCT_ANWEB.xlsx', bytes: buildXlsx([HCPCS_HEADER.filter((h) => h !== 'TERM DT'), hcpcsRow({ HCPC: 'A4253', RECID: '3', 'LONG DESCRIPTION': 'Synthetic', 'SHORT DESCRIPTION': 'Synthetic', 'ADD DT': '19860101' }, HCPCS_HEADER.filter((h) => h !== 'TERM DT'))]) }),
      error: 'TERM DT',
    },
    { what: 'XML that is not the tabular', file: () => ({ name: 'icd10cm_tabular_2026.xml', bytes: strToU8('<?xml version="1.0"?>\n<!-- exported -->\n<claims><claim/></claims>') }), error: 'icd10cm_tabular_2026.xml, line 3, element <claims>: not an ICD-10-CM Tabular List or Alphabetic Index' },
    { what: 'a tabular cut short', file: () => ({ name: 'icd10cm_tabular_2026.xml', bytes: rawFile('icd10cm/FY2023-tabular-index-xml/icd10cm_tabular_2023.xml').bytes.slice(0, 300_000) }), error: 'icd10cm_tabular_2026.xml, line' },
  ];
  for (const { what, file, error } of malformed) {
    it(`refuses ${what} with a clear error and leaves IndexedDB unchanged`, async () => {
      const before = await tableCounts(db);
      const releases = (await db.releases.toArray()).map((r) => r.id).sort();
      await expect(importReleaseFiles(db, [file()], () => {})).rejects.toThrow(error);
      expect(await tableCounts(db)).toEqual(before);
      expect((await db.releases.toArray()).map((r) => r.id).sort()).toEqual(releases);
    });
  }

  it('names edit data by its source: the shipped MCE definitions imported again are already installed', async () => {
    const result = await importReleaseFiles(db, [rawFile('mce/FY2026-v43.1/Definitions of Medicare Code Edits_v_43_1.txt')], () => {});
    expect(result).toEqual({ installed: [], alreadyInstalled: ['Medicare Code Editor v43.1'] });
  });

  it('builds FY2027 from an imported addenda and the installed FY2026 (already there: not installed twice)', async () => {
    const result = await importReleaseFiles(db, [rawFile('icd10cm/FY2027/icd10cm_order_addenda_2027.txt')], () => {});
    // The shipped FY2027 pack was built from the same two files, so it is the same release.
    expect(result.alreadyInstalled).toEqual(['ICD-10-CM FY2027 codes']);
    expect(result.installed).toEqual([]);
  }, 120_000);
});
