/**
 * The code-set pack the app ships and loads: a round trip of the real FY2026 ICD-10-CM code list
 * must give back every code, flag and title; a pack from another app build is refused.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { gzipSync, strToU8 } from 'fflate';
import { decodePack, decodePackText, encodePack, PACK_FORMAT, PACK_FORMAT_VERSION, packRecordCount, releaseId, type Pack } from '../../../core/codesets/pack';
import { codeBlockKey, groupIntoBlocks, readCodeBlock, type CodeBlockColumns } from '../../../core/codesets/code-block';
import { codeListPack } from '../../../core/codesets/release-pack';
import { parseOrderFile } from '../../../core/codesets/order-file';
import type { CodeListRelease, CodeRecord, ReleaseMeta } from '../../../core/codesets/types';
import { rawFile } from '../raw-files';
import { thrown } from './expect-format-error';

const CM_ZIP = 'icd10cm/FY2026/cms_2026_dx.zip';
/** Size of icd10cm_order_2026.txt (raw/SOURCES.md). */
const ORDER_FILE_BYTES = 14694719;

let release: CodeListRelease;
/** The release's records as a code list carries them (without the order file's line numbers). */
let records: CodeRecord[];
let pack: Pack;
let bytes: Uint8Array;
let decoded: Pack;

beforeAll(async () => {
  release = await parseOrderFile(rawFile(CM_ZIP), 'icd10cm');
  records = release.codes.map(({ code, billable, shortTitle, longTitle }) => ({ code, billable, shortTitle, longTitle }));
  pack = codeListPack(release);
  bytes = encodePack(pack);
  decoded = decodePack(bytes, 'icd10cm-codes-FY2026.pack');
});

const codesOf = (p: Pack): CodeRecord[] => p.rows.flatMap((r) => readCodeBlock(r.json));

describe('encodePack / decodePack on the FY2026 ICD-10-CM code list', () => {
  it('gives back every code, billable flag and both titles, in tabular order', () => {
    const back = codesOf(decoded);
    expect(back).toHaveLength(98186);
    expect(back).toEqual(records);
  });

  it('gives back the header: id, release metadata and the counts the Code sets screen shows', () => {
    expect(decoded.header).toEqual(pack.header);
    expect(decoded.header).toEqual({
      format: PACK_FORMAT,
      formatVersion: PACK_FORMAT_VERSION,
      id: releaseId(release.meta),
      meta: release.meta,
      counts: { rows: 98186, billable: 74719, headers: 23467 },
    });
    expect(decoded.header.id).toMatch(/^icd10cm-codes-FY2026-[0-9a-f]{8}$/);
  });

  it('holds one row per 3-character block, each counting its codes', () => {
    expect(decoded.rows).toEqual(pack.rows);
    expect(decoded.rows).toHaveLength(1918);
    expect(packRecordCount(decoded)).toBe(98186);
    const e11 = decoded.rows.find((r) => r.key === 'E11')!;
    const codes = readCodeBlock(e11.json);
    expect(e11.records).toBe(codes.length);
    expect(codes[0]).toEqual({ code: 'E11', billable: false, shortTitle: 'Type 2 diabetes mellitus', longTitle: 'Type 2 diabetes mellitus' });
    expect(codes.find((c) => c.code === 'E1165')).toEqual({ code: 'E1165', billable: true, shortTitle: 'Type 2 diabetes mellitus with hyperglycemia', longTitle: 'Type 2 diabetes mellitus with hyperglycemia' });
  });

  it('stores a short title only where it differs from the long title', () => {
    const columns = (key: string) => JSON.parse(decoded.rows.find((r) => r.key === key)!.json) as CodeBlockColumns;
    const e11 = columns('E11');
    expect(e11.shortTitle[e11.code.indexOf('E1165')]).toBe('');
    const z29 = columns('Z29');
    expect(z29.shortTitle[z29.code.indexOf('Z2911')]).toBe('Enctr for prphylc immther for resp syncytial virus (RSV)');
    expect(z29.billable).toHaveLength(z29.code.length);
  });

  it('is much smaller than the order file (under 15% of its 14.7 MB)', () => {
    console.info(`FY2026 ICD-10-CM pack: ${bytes.length} bytes, ${((100 * bytes.length) / ORDER_FILE_BYTES).toFixed(1)}% of the order file`);
    expect(bytes.length).toBeLessThan(0.15 * ORDER_FILE_BYTES);
  });

  it('keeps HCPCS kinds and dates through the round trip', () => {
    const hcpcs: CodeListRelease = {
      meta: { system: 'hcpcs', content: 'codes', version: '2025-10', effectiveFrom: '2025-10-01', effectiveTo: null, sources: [{ name: 'HCPC2025_OCT_ANWEB.xlsx', sha256: '6fcd04186caa69af047915d16426a05ba20e49c3eba2367f472a94b534f9be52', bytes: 1867538 }] },
      codes: [
        { code: 'A0130', billable: true, shortTitle: 'Noner transport wheelch van', longTitle: 'Non-emergency transportation: wheelchair van', kind: 'code', addedOn: '1982-01-01' },
        { code: 'J2150', billable: false, shortTitle: 'Mannitol injection', longTitle: 'Injection, mannitol, 25% in 50 ml', kind: 'code', addedOn: '1986-01-01', effectiveOn: '2025-10-01', terminatedOn: '2025-09-30' },
        { code: 'LT', billable: false, shortTitle: 'Left side', longTitle: 'Left side (used to identify procedures performed on the left side of the body)', kind: 'modifier', addedOn: '1984-01-01', effectiveOn: '1997-01-01' },
      ],
    };
    const back = decodePack(encodePack(codeListPack(hcpcs)), 'hcpcs.pack');
    expect(codesOf(back)).toEqual(hcpcs.codes);
    expect(back.header.counts).toEqual({ rows: 3, codes: 2, modifiers: 1, terminated: 1 });
  });
});

describe('decodePack refuses what this app cannot read', () => {
  it('refuses a pack with another format name', () => {
    const other = encodePack({ header: { ...pack.header, format: 'someone-else/pack' as typeof PACK_FORMAT }, rows: [] });
    const err = thrown(() => decodePack(other, 'other.pack'));
    expect(err.location).toEqual({ file: 'other.pack', line: 1, field: 'format' });
    expect(err.message).toBe('other.pack, line 1, field format: not a code-set pack (format is "someone-else/pack")');
  });

  it('refuses a pack written by a newer build, telling how to rebuild', () => {
    const newer = encodePack({ header: { ...pack.header, formatVersion: PACK_FORMAT_VERSION + 1 }, rows: pack.rows.slice(0, 2) });
    const err = thrown(() => decodePack(newer, 'icd10cm-codes-FY2026.pack'));
    expect(err.location).toEqual({ file: 'icd10cm-codes-FY2026.pack', line: 1, field: 'formatVersion' });
    expect(err.message).toBe(
      `icd10cm-codes-FY2026.pack, line 1, field formatVersion: pack format version ${PACK_FORMAT_VERSION + 1} is not the version this app reads (${PACK_FORMAT_VERSION}); rebuild the packs with npm run codesets:build`,
    );
  });

  it('refuses bytes that are not gzip, a truncated pack and gzip of something else', () => {
    const text = strToU8(`${JSON.stringify(pack.header)}\nA00\t1\t{}`);
    const plain = thrown(() => decodePack(text, 'plain.pack'));
    expect(plain.location).toEqual({ file: 'plain.pack' });
    expect(plain.message).toMatch(/^plain\.pack: not a readable code-set pack \(.+\)$/);
    const truncated = thrown(() => decodePack(bytes.slice(0, bytes.length >> 1), 'cut.pack'));
    expect(truncated.message).toMatch(/^cut\.pack: not a readable code-set pack/);
    const page = thrown(() => decodePack(gzipSync(strToU8('<html>404</html>')), 'page.pack'));
    expect(page.message).toBe('page.pack, line 1: not a code-set pack (the first line is not a JSON header)');
  });

  it('names the line of a damaged row', () => {
    const lines = [JSON.stringify(pack.header), ...pack.rows.slice(0, 3).map((r) => `${r.key}\t${r.records}\t${r.json}`)];
    lines[2] = lines[2].replace('\t', ' ');
    const err = thrown(() => decodePackText(lines.join('\n'), 'icd10cm-codes-FY2026.pack'));
    expect(err.location).toEqual({ file: 'icd10cm-codes-FY2026.pack', line: 3 });
    expect(err.message).toBe('icd10cm-codes-FY2026.pack, line 3: not a pack row (expected key, count and JSON separated by tabs)');
  });
});

describe('releaseId', () => {
  const meta: ReleaseMeta = {
    system: 'icd10cm',
    content: 'codes',
    version: 'FY2026',
    effectiveFrom: '2025-10-01',
    effectiveTo: '2026-09-30',
    sources: [{ name: 'cms_2026_dx.zip', member: 'icd10cm_order_2026.txt', sha256: '55a9124a27ca78a4a5c41e1101eda064ec2e08d105ff9e78d1fbd1a83298ef11', bytes: 2204985 }],
  };
  const withSha = (sha256: string): ReleaseMeta => ({ ...meta, sources: [{ ...meta.sources[0], sha256 }] });

  it('is stable for the same release', () => {
    expect(releaseId(meta)).toBe(releaseId(structuredClone(meta)));
    expect(releaseId(release.meta)).toBe(releaseId(meta));
    // What the downloaded file was called does not change the release.
    expect(releaseId({ ...meta, sources: [{ ...meta.sources[0], name: 'download (1).zip' }] })).toBe(releaseId(meta));
  });

  it('differs when a source checksum differs, wherever the difference is', () => {
    const sha = meta.sources[0].sha256;
    const txt = { ...meta, sources: [{ name: 'icd10cm_order_2026.txt', sha256: '6dc95c9c7e96c734806e1682f4bf9df76251d60e99199bba0d375ba3dd11026b', bytes: 14694719 }] };
    expect(releaseId(txt)).not.toBe(releaseId(meta));
    expect(releaseId(withSha(`0${sha.slice(1)}`))).not.toBe(releaseId(meta));
    expect(releaseId(withSha(`${sha.slice(0, -1)}0`))).not.toBe(releaseId(meta));
    // FY2027 built from FY2026 + addenda has an id of its own.
    const derived = { ...meta, version: 'FY2027', sources: [...meta.sources, { name: 'icd10cm_order_addenda_2027.txt', sha256: 'd64c57ef4534e4f90336decf27a34ba42979c31cd88f6ea923b5b5edd3da6384', bytes: 42495 }] };
    expect(releaseId(derived)).toMatch(/^icd10cm-codes-FY2027-[0-9a-f]{8}$/);
    expect(releaseId({ ...derived, version: 'FY2026' })).not.toBe(releaseId(meta));
  });
});

describe('groupIntoBlocks', () => {
  it('groups the FY2026 codes by their first three characters, in tabular order', () => {
    const blocks = groupIntoBlocks(records);
    // One block per ICD-10-CM category (every category has a 3-character code).
    expect(blocks).toHaveLength(records.filter((c) => c.code.length === 3).length);
    expect(blocks).toHaveLength(1918);
    expect(new Set(blocks.map((b) => b.key)).size).toBe(blocks.length);
    expect(blocks.every((b) => b.codes.every((c) => codeBlockKey(c.code) === b.key))).toBe(true);
    expect(blocks.reduce((n, b) => n + b.codes.length, 0)).toBe(98186);
    // Concatenated, the blocks are the code list in its original order.
    expect(blocks.flatMap((b) => b.codes)).toEqual(records);
    expect(blocks[0].key).toBe('A00');
    expect(blocks.at(-1)!.key).toBe('U09');
  });

  it('keeps first-seen order of blocks and codes when the input is not sorted', () => {
    const rec = (code: string): CodeRecord => ({ code, billable: true, shortTitle: code, longTitle: code });
    const blocks = groupIntoBlocks([rec('B20'), rec('A001'), rec('B200'), rec('A000')]);
    expect(blocks.map((b) => [b.key, b.codes.map((c) => c.code)])).toEqual([
      ['B20', ['B20', 'B200']],
      ['A00', ['A001', 'A000']],
    ]);
  });
});
