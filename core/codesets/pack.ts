import { gunzipSync, gzipSync } from 'fflate';
import { CodeSetFormatError } from './format-error';
import type { CodeRecord, ReleaseMeta } from './types';

/**
 * The code-set pack: what the app ships in resources/codesets and loads into IndexedDB on
 * first start. One pack per release and content kind, gzip-compressed JSON with a header that
 * names the format and its version, so an app never misreads a pack written by a newer build.
 *
 * Code lists are stored column-wise (one array per field) and short titles equal to the long
 * title are stored as "" — together that halves the size against an array of records.
 */
export const PACK_FORMAT = 'coder-workstation/codeset-pack';
/** Bump when the payload layout changes; loaders refuse versions they do not know. */
export const PACK_FORMAT_VERSION = 1;

export interface PackHeader {
  format: typeof PACK_FORMAT;
  formatVersion: number;
  /** Stable id of the release, e.g. `icd10cm-codes-FY2026-55a9124a`. */
  id: string;
  meta: ReleaseMeta;
  /** Counts a coder cares about, shown on the Code sets screen (billable, headers, ...). */
  counts: Record<string, number>;
}

/** Code lists, column-wise. Optional columns are present only for systems that have them. */
export interface CodeColumns {
  code: string[];
  /** One '1' (billable) or '0' (header/modifier) character per code. */
  billable: string;
  /** "" when the short title equals the long title. */
  shortTitle: string[];
  longTitle: string[];
  kind?: ('code' | 'modifier')[];
  addedOn?: (string | null)[];
  effectiveOn?: (string | null)[];
  terminatedOn?: (string | null)[];
}

export interface Pack<P = unknown> {
  header: PackHeader;
  payload: P;
}

/** A stable id: system, content, version and the first 8 hex of the sources' checksums. */
export function releaseId(meta: ReleaseMeta): string {
  const digest = meta.sources.map((s) => s.sha256.slice(0, 8)).join('');
  return `${meta.system}-${meta.content}-${meta.version}-${shortHash(digest)}`;
}

function shortHash(text: string): string {
  // FNV-1a: the sources' sha256 already make the id unique; this only shortens several to one.
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

export function codesToColumns(codes: CodeRecord[]): CodeColumns {
  const columns: CodeColumns = {
    code: codes.map((c) => c.code),
    billable: codes.map((c) => (c.billable ? '1' : '0')).join(''),
    shortTitle: codes.map((c) => (c.shortTitle === c.longTitle ? '' : c.shortTitle)),
    longTitle: codes.map((c) => c.longTitle),
  };
  if (codes.some((c) => c.kind)) {
    columns.kind = codes.map((c) => c.kind ?? 'code');
    columns.addedOn = codes.map((c) => c.addedOn ?? null);
    columns.effectiveOn = codes.map((c) => c.effectiveOn ?? null);
    columns.terminatedOn = codes.map((c) => c.terminatedOn ?? null);
  }
  return columns;
}

/** Rows `from` (inclusive) to `to` (exclusive) of a column-wise code list, as records. */
export function columnsToCodes(columns: CodeColumns, from = 0, to = columns.code.length): CodeRecord[] {
  const out: CodeRecord[] = [];
  for (let i = from; i < Math.min(to, columns.code.length); i++) {
    const record: CodeRecord = {
      code: columns.code[i],
      billable: columns.billable[i] === '1',
      shortTitle: columns.shortTitle[i] || columns.longTitle[i],
      longTitle: columns.longTitle[i],
    };
    if (columns.kind) {
      record.kind = columns.kind[i];
      if (columns.addedOn?.[i]) record.addedOn = columns.addedOn[i]!;
      if (columns.effectiveOn?.[i]) record.effectiveOn = columns.effectiveOn[i]!;
      if (columns.terminatedOn?.[i]) record.terminatedOn = columns.terminatedOn[i]!;
    }
    out.push(record);
  }
  return out;
}

export function encodePack<P>(pack: Pack<P>): Uint8Array {
  const json = JSON.stringify({ ...pack.header, payload: pack.payload });
  // Level 6 is within 2% of level 9's size here at a third of the build time.
  return gzipSync(new TextEncoder().encode(json), { level: 6 });
}

/** Decode and check a pack. `name` is used in error messages (file name or URL). */
export function decodePack<P = unknown>(bytes: Uint8Array, name: string): Pack<P> {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(gunzipSync(bytes)));
  } catch (error) {
    throw new CodeSetFormatError({ file: name }, `not a readable code-set pack (${(error as Error).message})`);
  }
  if (parsed.format !== PACK_FORMAT) throw new CodeSetFormatError({ file: name, field: 'format' }, `not a code-set pack (format is ${JSON.stringify(parsed.format)})`);
  if (parsed.formatVersion !== PACK_FORMAT_VERSION) {
    throw new CodeSetFormatError({ file: name, field: 'formatVersion' }, `pack format version ${String(parsed.formatVersion)} is not the version this app reads (${PACK_FORMAT_VERSION}); rebuild the packs with npm run codesets:build`);
  }
  const { payload, ...header } = parsed;
  return { header: header as unknown as PackHeader, payload: payload as P };
}

/** The list of packs an app build ships, written next to them as manifest.json. */
export interface PackManifest {
  format: 'coder-workstation/codeset-manifest';
  formatVersion: number;
  /** rows: database rows (code blocks or documents); records: codes or documents in them. */
  packs: { id: string; file: string; sha256: string; bytes: number; rows: number; records: number; meta: ReleaseMeta; counts: Record<string, number> }[];
}
