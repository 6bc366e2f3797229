/**
 * The edit reference data read back from stored rows: pack rows in tests and scripts, IndexedDB
 * rows in the app's worker, the same way in both.
 */
import { CodeSetFormatError } from '../../codesets/format-error';
import { releaseId } from '../../codesets/pack';
import { isInEffect } from '../../codesets/release-in-effect';
import type { ReleaseContent, ReleaseMeta, SourceFile } from '../../codesets/types';
import type { StoredRelease } from '../../search/corpus-from-rows';
import type { HccMappings, MueTables } from '../reference';
import { HCC_DOCUMENT, MCE_DOCUMENT } from './edit-packs';
import { hccMappings, type HccData } from './hcc-mappings';
import { mceDefinitions, type MceData, type MceDefinitionLists } from './mce-definitions';
import { MUE_TABLE_KINDS, mueTables, type MueData } from './mue-table';

/** The installed edit data; a part is absent when no release of it is installed. */
export interface EditReferenceData {
  mce?: MceDefinitionLists;
  mue?: MueTables;
  hcc?: HccMappings;
}

type Rows = Iterable<{ key: string; json: string }>;

/** One stored release's part of the edit data (empty for code lists, Tabular and Index). */
export function editDataFromDocuments(meta: ReleaseMeta, rows: Rows): EditReferenceData {
  switch (meta.content) {
    case 'mce':
      return { mce: mceDefinitions(mceDataFromDocuments(meta, rows)) };
    case 'mue':
      return { mue: mueTables(mueDataFromDocuments(meta, rows)) };
    case 'hcc':
      return { hcc: hccMappings(hccDataFromDocuments(meta, rows)) };
    default:
      return {};
  }
}

/**
 * The edit data for a date of service: for each kind, the installed release in effect on that
 * date, else the newest one (the edits name the release they used, so a coder sees when it is
 * not the date's own). MUE tables of several releases with the same effective date (a quarter's
 * tables imported one at a time) are read as one release. Without a date, the newest of each.
 */
export function editDataFromStoredReleases(releases: StoredRelease[], date?: string): EditReferenceData {
  const data: EditReferenceData = {};
  const mce = chosen(releases, 'mce', date).at(-1);
  if (mce) data.mce = mceDefinitions(mceDataFromDocuments(mce.meta, mce.rows));
  const hcc = chosen(releases, 'hcc', date).at(-1);
  if (hcc) data.hcc = hccMappings(hccDataFromDocuments(hcc.meta, hcc.rows));
  const mue = chosen(releases, 'mue', date);
  if (mue.length) data.mue = mueTables(mergeMue(mue.map((r) => mueDataFromDocuments(r.meta, r.rows))));
  return data;
}

export function mceDataFromDocuments(meta: ReleaseMeta, rows: Rows): MceData {
  const doc = documents(rows).get(MCE_DOCUMENT);
  if (!doc) throw missing(meta, MCE_DOCUMENT);
  return { meta, ...(parseDocument(meta, MCE_DOCUMENT, doc) as Omit<MceData, 'meta'>) };
}

export function mueDataFromDocuments(meta: ReleaseMeta, rows: Rows): MueData {
  const docs = documents(rows);
  const tables: MueData['tables'] = {};
  for (const kind of MUE_TABLE_KINDS) {
    const doc = docs.get(kind);
    if (doc) tables[kind] = parseDocument(meta, kind, doc) as MueData['tables'][typeof kind];
  }
  if (Object.keys(tables).length === 0) throw missing(meta, MUE_TABLE_KINDS.join(' or '));
  return { meta, tables };
}

export function hccDataFromDocuments(meta: ReleaseMeta, rows: Rows): HccData {
  const doc = documents(rows).get(HCC_DOCUMENT);
  if (!doc) throw missing(meta, HCC_DOCUMENT);
  return { meta, v28: parseDocument(meta, HCC_DOCUMENT, doc) as HccData['v28'] };
}

/** The releases of one kind to read: the one in effect on `date` (or the newest), with any others of its effective date. */
function chosen(releases: StoredRelease[], content: ReleaseContent, date: string | undefined): StoredRelease[] {
  const ofKind = releases.filter((r) => r.meta.content === content);
  const inEffect = date === undefined ? [] : ofKind.filter((r) => isInEffect(r.meta, date));
  const pool = inEffect.length ? inEffect : ofKind;
  if (pool.length === 0) return [];
  const from = pool.reduce((latest, r) => (r.meta.effectiveFrom > latest ? r.meta.effectiveFrom : latest), pool[0].meta.effectiveFrom);
  return pool.filter((r) => r.meta.effectiveFrom === from);
}

/** MUE releases of one effective date as one: every table, every source (a later table of a kind wins). */
function mergeMue(parts: MueData[]): MueData {
  if (parts.length === 1) return parts[0];
  const sources: SourceFile[] = [];
  const tables: MueData['tables'] = {};
  for (const part of parts) {
    Object.assign(tables, part.tables);
    for (const s of part.meta.sources) if (!sources.some((t) => t.sha256 === s.sha256)) sources.push(s);
  }
  return { meta: { ...parts[0].meta, sources }, tables };
}

function documents(rows: Rows): Map<string, string> {
  const docs = new Map<string, string>();
  for (const row of rows) docs.set(row.key, row.json);
  return docs;
}

function parseDocument(meta: ReleaseMeta, key: string, json: string): unknown {
  try {
    return JSON.parse(json);
  } catch (error) {
    throw new CodeSetFormatError({ file: releaseId(meta), field: key }, `the stored document is not JSON (${(error as Error).message}); reinstall the release`);
  }
}

function missing(meta: ReleaseMeta, key: string): CodeSetFormatError {
  return new CodeSetFormatError({ file: releaseId(meta) }, `the stored release has no "${key}" document; reinstall it`);
}
