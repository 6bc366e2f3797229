/**
 * The edit data from the official files to packs and back: identifying the files, the packs'
 * counts, and the same answers from stored rows (as the app's worker reads IndexedDB) as from
 * the parsed files. Also which release is read for a date of service.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { decodePack, encodePack, type Pack } from '../../../../core/codesets/pack';
import { identifyReleaseFile, releaseFilesToPacks } from '../../../../core/codesets/release-files';
import type { ReleaseFile, ReleaseMeta } from '../../../../core/codesets/types';
import { editDataFromDocuments, editDataFromStoredReleases } from '../../../../core/coding/data/edit-data';
import { hccPack, mcePack, muePack } from '../../../../core/coding/data/edit-packs';
import { hccMappings, parseHccMappings, type HccData } from '../../../../core/coding/data/hcc-mappings';
import { mceDefinitions, parseMceDefinitions, type MceData } from '../../../../core/coding/data/mce-definitions';
import { mueReleases, mueTables, type MueData } from '../../../../core/coding/data/mue-table';
import type { MueTableKind } from '../../../../core/coding/reference';
import type { StoredRelease } from '../../../../core/search/corpus-from-rows';
import { formatError } from '../../codesets/expect-format-error';
import { rawFile } from '../../raw-files';

const MCE = 'mce/FY2026-v43.1/Definitions of Medicare Code Edits_v_43_1.txt';
const MUE = ['Practitioner', 'OutpatientHospital', 'DMESupplier'].map((t) => `ncci-mue/2026-04/MCR_MUE_${t}Services_Eff_04-01-2026.csv`);
const HCC = 'hcc/PY2026-initial/2026 Initial ICD-10-CM Mappings.csv';

let mceFile: ReleaseFile;
let mueFiles: ReleaseFile[];
let hccFile: ReleaseFile;
let mce: MceData;
let mue: MueData;
let hcc: HccData;
/** The packs as the app ships them, read back as stored rows. */
let stored: StoredRelease[];
let packs: Pack[];

const storedFrom = (pack: Pack): StoredRelease => {
  const back = decodePack(encodePack(pack), pack.header.id);
  return { meta: back.header.meta, rows: back.rows };
};

beforeAll(async () => {
  mceFile = rawFile(MCE);
  mueFiles = MUE.map(rawFile);
  hccFile = rawFile(HCC);
  mce = await parseMceDefinitions(mceFile);
  [mue] = await mueReleases(mueFiles);
  hcc = await parseHccMappings(hccFile);
  packs = await releaseFilesToPacks([mceFile, ...mueFiles, hccFile], async () => null);
  stored = packs.map(storedFrom);
  for (const p of packs) console.info(`${p.header.id}: ${encodePack(p).length} bytes gzip`);
});

describe('identifying the edit data files', () => {
  it('tells the MCE definitions, each MUE table and the HCC mappings by their content', () => {
    expect(identifyReleaseFile(mceFile)).toBe('mce');
    for (const f of mueFiles) expect(identifyReleaseFile(f)).toBe('mue');
    expect(identifyReleaseFile(hccFile)).toBe('hcc');
    // Renamed, they are still told apart.
    expect(identifyReleaseFile({ name: 'mce.txt', bytes: mceFile.bytes })).toBe('mce');
    expect(identifyReleaseFile({ name: 'table.csv', bytes: mueFiles[0].bytes })).toBe('mue');
    expect(identifyReleaseFile({ name: 'mappings.csv', bytes: hccFile.bytes })).toBe('hcc');
  });

  it('does not take other text or CSV files for them', () => {
    expect(identifyReleaseFile(rawFile('gem/FY2018/2018_I10gem.txt'))).toBeNull();
    expect(identifyReleaseFile(rawFile('icd9cm/v32/CMS32_DESC_LONG_DX.txt'))).toBeNull();
    expect(identifyReleaseFile({ name: 'notes.csv', bytes: new TextEncoder().encode('code,description\nA00,Cholera\n') })).toBeNull();
  });
});

describe('the edit data packs', () => {
  const header = (content: string) => packs.find((p) => p.header.meta.content === content)!.header;

  it('makes one pack per release, with codes per list in the header', () => {
    expect(packs.map((p) => p.header.meta.content)).toEqual(['mce', 'hcc', 'mue']);
    expect(header('mce').counts).toEqual({ rows: 1, newborn: 42, pediatric: 125, maternity: 2_543, adult: 856, manifestation: 422, unacceptablePrincipal: 2_652 });
    expect(header('mue').counts).toEqual({ rows: 3, practitioner: 15_095, 'outpatient-hospital': 15_045, dme: 3_083 });
    expect(header('hcc').counts).toEqual({ rows: 1, v28Codes: 7_903, v28Pairs: 8_183 });
    expect(header('mue').meta).toEqual(mue.meta);
    expect(header('mce').meta).toEqual(mce.meta);
    expect(header('hcc').meta).toEqual(hcc.meta);
  });

  it('reads back from stored rows to the same data', () => {
    const back = editDataFromStoredReleases(stored, '2026-05-01');
    const direct = { mce: mceDefinitions(mce), mue: mueTables(mue), hcc: hccMappings(hcc) };
    expect(back.mce?.meta).toEqual(mce.meta);
    expect(back.mue?.meta).toEqual(mue.meta);
    expect(back.hcc?.meta).toEqual(hcc.meta);
    for (const list of Object.values(mce.ageLists)) for (const code of list.codes) expect(back.mce!.ageList(code)).toEqual(direct.mce.ageList(code));
    for (const code of [...mce.manifestation, ...mce.unacceptablePrincipal, 'E119', 'A33']) {
      expect(back.mce!.isManifestation(code)).toBe(direct.mce.isManifestation(code));
      expect(back.mce!.isUnacceptablePrincipal(code)).toBe(direct.mce.isUnacceptablePrincipal(code));
      expect(back.mce!.acceptableWithSecondary(code)).toBe(direct.mce.acceptableWithSecondary(code));
    }
    for (const [table, rows] of Object.entries(mue.tables) as [MueTableKind, Record<string, unknown>][]) {
      for (const code of Object.keys(rows)) expect(back.mue!.limit(table, code)).toEqual(direct.mue.limit(table, code));
    }
    for (const code of [...Object.keys(hcc.v28), 'J069']) expect(back.hcc!.v28(code)).toEqual(direct.hcc.v28(code));
    // Samples read by hand.
    expect(back.mce!.ageList('A33')).toEqual({ list: 'newborn', minAge: 0, maxAge: 0 });
    expect(back.mue!.limit('practitioner', '0001U')).toEqual({ value: 1, adjudication: 2, rationale: 'Code Descriptor / CPT Instruction' });
    expect(back.hcc!.v28('A0104')).toEqual([92]);
  });

  it('editDataFromDocuments reads one release, and nothing from a code list', () => {
    const mcePart = stored.find((r) => r.meta.content === 'mce')!;
    expect(Object.keys(editDataFromDocuments(mcePart.meta, mcePart.rows))).toEqual(['mce']);
    expect(editDataFromDocuments({ ...mcePart.meta, content: 'codes' }, [])).toEqual({});
  });

  it('refuses stored rows that lack their document, naming the release', () => {
    const mcePart = stored.find((r) => r.meta.content === 'mce')!;
    expect(() => editDataFromDocuments(mcePart.meta, [])).toThrow(/icd10cm-mce-v43\.1-[0-9a-f]{8}: the stored release has no "definitions" document/);
  });
});

describe('which release the edits read', () => {
  /** A release like the real one with other dates (and a different checksum). */
  const variant = (pack: Pack, meta: Partial<ReleaseMeta>, tag: string): StoredRelease => {
    const m = { ...pack.header.meta, ...meta, sources: pack.header.meta.sources.map((s) => ({ ...s, sha256: `${tag}${s.sha256.slice(tag.length)}` })) };
    return { meta: m, rows: storedFrom(pack).rows };
  };

  it('uses the release in effect on the date of service, else the newest installed', async () => {
    const older = variant(mcePack(mce), { version: 'v43.0', effectiveFrom: '2025-10-01', effectiveTo: '2026-03-31' }, 'aa');
    const releases = [older, stored.find((r) => r.meta.content === 'mce')!];
    expect(editDataFromStoredReleases(releases, '2026-01-15').mce?.meta.version).toBe('v43.0');
    expect(editDataFromStoredReleases(releases, '2026-04-01').mce?.meta.version).toBe('v43.1');
    // Before any installed release: the newest, which names itself in every finding.
    expect(editDataFromStoredReleases(releases, '2024-01-01').mce?.meta.version).toBe('v43.1');
    expect(editDataFromStoredReleases(releases).mce?.meta.version).toBe('v43.1');
    expect(editDataFromStoredReleases([], '2026-05-01')).toEqual({});
  });

  it('reads MUE tables imported one at a time for the same quarter as one release', async () => {
    const [practitionerOnly] = await mueReleases([mueFiles[0]]);
    const [dmeOnly] = await mueReleases([mueFiles[2]]);
    const data = editDataFromStoredReleases([muePack(practitionerOnly), muePack(dmeOnly), hccPack(hcc)].map(storedFrom), '2026-05-01');
    expect(data.mue?.limit('practitioner', '0001U')?.value).toBe(1);
    expect(data.mue?.limit('dme', 'A4206')).toEqual({ value: 0, adjudication: 3, rationale: 'CMS Policy' });
    expect(data.mue?.limit('outpatient-hospital', '0001U')).toBeNull();
    expect(data.mue?.meta.sources.map((s) => s.name)).toEqual([mueFiles[0].name, mueFiles[2].name]);
    expect(data.mue?.meta.version).toBe('2026-Q2');
  });
});

describe('the edit data in a batch of release files', () => {
  it('refuses the whole batch when one MUE table is damaged', async () => {
    const damaged = { name: mueFiles[1].name, bytes: new TextEncoder().encode(new TextDecoder('latin1').decode(mueFiles[1].bytes).replace('0001U,1,2 Date', '0001U,one,2 Date')) };
    const err = await formatError(releaseFilesToPacks([mceFile, mueFiles[0], damaged], async () => null));
    expect(err.location).toEqual({ file: mueFiles[1].name, line: 10, field: 'Outpatient Hospital Services MUE Values (column B)' });
  });
});
