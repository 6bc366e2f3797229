import Dexie, { type EntityTable, type Table } from 'dexie';
import type { CodeRecord, CodeSystem, ReleaseContent, ReleaseMeta } from '../../core/codesets/types';

/**
 * The version marker of an installed release. It is written in the last transaction of a
 * load or import, after every row, so its presence means "complete": lookups only ever use
 * releases that have one, and a load cut short by closing the app is found and resumed.
 */
export interface InstalledRelease {
  id: string;
  system: CodeSystem;
  content: ReleaseContent;
  meta: ReleaseMeta;
  counts: Record<string, number>;
  /** Database rows (code blocks or documents) and the codes or documents they hold. */
  rows: number;
  records: number;
  /** sha256 of the pack it was loaded from ('' for an import from release files). */
  packSha256: string;
  origin: 'shipped' | 'imported';
  installedAt: string;
}

/** Bookkeeping for a load in progress: how many rows of which pack are already written. */
export interface ReleaseLoadProgress {
  id: string;
  packSha256: string;
  rowsDone: number;
  rowsTotal: number;
}

/** The codes of one release that share their first three characters (see core CodeBlock). */
export interface CodeBlockRow {
  releaseId: string;
  block: string;
  codes: CodeRecord[];
}

/**
 * Reference content (Tabular List entries, Alphabetic Index main terms) stored as one JSON
 * document per key: a tabular category with its subtree, or an index main term with its
 * subterms. Coders read them one at a time in the detail view, so a few thousand documents
 * load far faster than one row per note.
 */
export interface ReferenceRow {
  releaseId: string;
  key: string;
  doc: unknown;
}

/** The one Dexie database of the workstation. Shipped versions are never edited. */
export class WorkstationDatabase extends Dexie {
  releases!: EntityTable<InstalledRelease, 'id'>;
  releaseLoads!: EntityTable<ReleaseLoadProgress, 'id'>;
  codeBlocks!: Table<CodeBlockRow, [string, string]>;
  reference!: Table<ReferenceRow, [string, string]>;

  constructor(name = 'coder-workstation') {
    super(name);
    this.version(1).stores({
      releases: 'id, system',
      releaseLoads: 'id',
      // Codes in blocks of one 3-character prefix (see core/codesets/pack-rows.ts): a few
      // thousand rows instead of 280k make the first load seconds instead of a minute.
      codeBlocks: '[releaseId+block]',
      reference: '[releaseId+key]',
    });
  }
}

let instance: WorkstationDatabase | null = null;

/** The app's database (one per origin). Tests open their own instances by name. */
export function workstationDb(): WorkstationDatabase {
  instance ??= new WorkstationDatabase();
  return instance;
}
