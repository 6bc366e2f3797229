import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodePack, type PackManifest } from '../../core/codesets/pack';
import { buildPacks, findReleaseFiles, packsPresent } from '../../scripts/codesets-build';
import { RAW_DIR } from '../core/raw-files';

describe('npm run codesets:build', () => {
  it('picks one file per release from the official folder (the CMS zip over its .txt)', () => {
    const { files, skipped } = findReleaseFiles(RAW_DIR);
    expect(files.map((f) => f.name).sort()).toEqual([
      '2026 Initial ICD-10-CM Mappings.csv',
      'Definitions of Medicare Code Edits_v_43_1.txt',
      'HCPC2025_OCT_ANWEB.xlsx',
      'MCR_MUE_DMESupplierServices_Eff_04-01-2026.csv',
      'MCR_MUE_OutpatientHospitalServices_Eff_04-01-2026.csv',
      'MCR_MUE_PractitionerServices_Eff_04-01-2026.csv',
      'cms_2026_dx.zip',
      'cms_2026_pr.zip',
      'icd10cm_index_2023.xml',
      'icd10cm_order_addenda_2027.txt',
      'icd10cm_tabular_2023.xml',
    ]);
    expect(skipped.some((s) => s.includes('icd10cm_order_2026.txt (same release as cms_2026_dx.zip)'))).toBe(true);
    expect(skipped.some((s) => s.includes("icd10cm_order_addenda_2026.txt (its fiscal year's full order file is present)"))).toBe(true);
  });

  it('writes every pack with a manifest whose checksums match, and a failed build leaves the old packs alone', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'packs-')), 'codesets');
    const { manifest } = await buildPacks(RAW_DIR, out, () => {});
    expect(packsPresent(out)).toBe(true);
    expect(manifest.packs.map((p) => `${p.meta.system} ${p.meta.content} ${p.meta.version}`).sort()).toEqual([
      'hcpcs codes 2025-10',
      'hcpcs mue 2026-Q2',
      'icd10cm codes FY2026',
      'icd10cm codes FY2027',
      'icd10cm hcc V28 (2026 initial)',
      'icd10cm index FY2023',
      'icd10cm mce v43.1',
      'icd10cm tabular FY2023',
      'icd10pcs codes FY2026',
    ]);
    // The three MUE tables of 2026-Q2 are one release; file names carry no spaces or brackets.
    expect(manifest.packs.find((p) => p.meta.content === 'mue')?.meta.sources).toHaveLength(3);
    for (const entry of manifest.packs) expect(entry.file).toMatch(/^[A-Za-z0-9._-]+\.cwpack$/);
    for (const entry of manifest.packs) {
      const bytes = readFileSync(join(out, entry.file));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(entry.sha256);
      expect(decodePack(new Uint8Array(bytes), entry.file).rows).toHaveLength(entry.rows);
    }

    // A folder with one damaged release file: the build fails and the packs already there stay.
    const broken = mkdtempSync(join(tmpdir(), 'raw-'));
    copyFileSync(join(RAW_DIR, 'hcpcs/2025-10/HCPC2025_OCT_ANWEB.xlsx'), join(broken, 'HCPC2025_OCT_ANWEB.xlsx'));
    writeFileSync(join(broken, 'icd10pcs_order_2026.txt'), '00001 001     0 Central Nervous System\r\n');
    const before = readFileSync(join(out, 'manifest.json'), 'utf8');
    await expect(buildPacks(broken, out, () => {})).rejects.toThrow('icd10pcs_order_2026.txt, line 1');
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toBe(before);
    expect(readdirSync(join(out, '..')).filter((n) => n.includes('.tmp-'))).toEqual([]);
    expect((JSON.parse(before) as PackManifest).packs.every((p) => existsSync(join(out, p.file)))).toBe(true);
  }, 120_000);
});
