import { gunzipSync, gzipSync } from 'fflate';
import { CodeSetFormatError } from './format-error';
import type { ReleaseMeta } from './types';

/**
 * The code-set pack: what the app ships in resources/codesets and loads into IndexedDB on
 * first start, one pack per release and content kind.
 *
 * Layout (gzip-compressed UTF-8 text, one record per line):
 *   line 1   header JSON: format name and version, release id and metadata, counts
 *   line 2+  <key> TAB <records in this row> TAB <row JSON>
 * Each line after the header is one database row exactly as IndexedDB stores it: the row's
 * JSON stays a string all the way into the database. Loading then never parses or
 * structured-clones 100k objects — it splits lines and copies strings, which is what makes
 * the first-run load seconds instead of a minute. JSON.stringify never emits a raw newline
 * or tab, so the layout cannot be broken by a title.
 */
export const PACK_FORMAT = 'coder-workstation/codeset-pack';
/** Bump when the layout or a row's JSON changes; loaders refuse versions they do not know. */
export const PACK_FORMAT_VERSION = 1;

export interface PackHeader {
  format: typeof PACK_FORMAT;
  formatVersion: number;
  /** Stable id of the release, e.g. `icd10cm-codes-FY2026-08988aed`. */
  id: string;
  meta: ReleaseMeta;
  /** Counts a coder cares about, shown on the Code sets screen (billable, headers, ...). */
  counts: Record<string, number>;
}

/** One database row of a pack: a code block or a reference document, as JSON text. */
export interface PackRow {
  key: string;
  /** Codes or documents the row holds: the unit of the load progress bar. */
  records: number;
  json: string;
}

export interface Pack {
  header: PackHeader;
  rows: PackRow[];
}

/** A stable id: system, content, version and a short hash of the sources' checksums. */
export function releaseId(meta: ReleaseMeta): string {
  const digest = meta.sources.map((s) => s.sha256).join('');
  return `${meta.system}-${meta.content}-${meta.version}-${shortHash(digest)}`;
}

function shortHash(text: string): string {
  // FNV-1a: the sources' sha256 already make the id unique; this only shortens them to one.
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

export function encodePack(pack: Pack): Uint8Array {
  const lines = [JSON.stringify(pack.header)];
  for (const row of pack.rows) {
    if (/[\t\n]/.test(row.key)) throw new Error(`pack row key ${JSON.stringify(row.key)} contains a tab or newline`);
    lines.push(`${row.key}\t${row.records}\t${row.json}`);
  }
  // Level 6 is within 2% of level 9's size here at a third of the build time.
  return gzipSync(new TextEncoder().encode(lines.join('\n')), { level: 6 });
}

/** Decode and check a gzip-compressed pack. `name` is used in error messages. */
export function decodePack(bytes: Uint8Array, name: string): Pack {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(gunzipSync(bytes));
  } catch (error) {
    throw new CodeSetFormatError({ file: name }, `not a readable code-set pack (${(error as Error).message})`);
  }
  return decodePackText(text, name);
}

/**
 * Decode a pack already inflated to text: the browser inflates with its native
 * DecompressionStream, several times faster than inflating in JavaScript.
 */
export function decodePackText(text: string, name: string): Pack {
  const lines = text.split('\n');
  let header: PackHeader;
  try {
    header = JSON.parse(lines[0]) as PackHeader;
  } catch {
    throw new CodeSetFormatError({ file: name, line: 1 }, 'not a code-set pack (the first line is not a JSON header)');
  }
  if (header?.format !== PACK_FORMAT) throw new CodeSetFormatError({ file: name, line: 1, field: 'format' }, `not a code-set pack (format is ${JSON.stringify(header?.format)})`);
  if (header.formatVersion !== PACK_FORMAT_VERSION) {
    throw new CodeSetFormatError({ file: name, line: 1, field: 'formatVersion' }, `pack format version ${String(header.formatVersion)} is not the version this app reads (${PACK_FORMAT_VERSION}); rebuild the packs with npm run codesets:build`);
  }
  const rows: PackRow[] = new Array(lines.length - 1);
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    const tab1 = line.indexOf('\t');
    const tab2 = tab1 < 0 ? -1 : line.indexOf('\t', tab1 + 1);
    const records = Number(line.slice(tab1 + 1, tab2));
    if (tab2 < 0 || !Number.isInteger(records)) throw new CodeSetFormatError({ file: name, line: i + 1 }, 'not a pack row (expected key, count and JSON separated by tabs)');
    rows[i - 1] = { key: line.slice(0, tab1), records, json: line.slice(tab2 + 1) };
  }
  return { header, rows };
}

/** Codes or documents a pack holds in all. */
export function packRecordCount(pack: Pack): number {
  return pack.rows.reduce((n, r) => n + r.records, 0);
}

/** The list of packs an app build ships, written next to them as manifest.json. */
export interface PackManifest {
  format: 'coder-workstation/codeset-manifest';
  formatVersion: number;
  /** rows: database rows (code blocks or documents); records: codes or documents in them. */
  packs: { id: string; file: string; sha256: string; bytes: number; rows: number; records: number; meta: ReleaseMeta; counts: Record<string, number> }[];
}
