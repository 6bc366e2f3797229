import Dexie, { type EntityTable, type Table } from 'dexie';
import type { CodeSystem, ReleaseContent, ReleaseMeta } from '../../core/codesets/types';
import type { AuditEvent, Encounter, EncounterRevision } from '../../core/coding/encounter';
import type { OutboxEntry } from '../../core/sync/outbox';

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

/**
 * The codes of one release that share their first three characters, as the JSON text the pack
 * carried (see core/codesets/code-block.ts; read with `readCodeBlock`). A string is copied into
 * IndexedDB as is, where a list of objects would be serialized field by field.
 */
export interface CodeBlockRow {
  releaseId: string;
  block: string;
  json: string;
}

/**
 * Reference content (Tabular List, Alphabetic Index) as JSON documents by key: a Tabular
 * chapter, section or category with its subtree, or a run of Index main terms. Coders read
 * them one at a time in the detail view, so a few thousand documents load far faster than one
 * row per note.
 */
export interface ReferenceRow {
  releaseId: string;
  key: string;
  json: string;
}

/** The one Dexie database of the workstation. Shipped versions are never edited. */
export class WorkstationDatabase extends Dexie {
  releases!: EntityTable<InstalledRelease, 'id'>;
  releaseLoads!: EntityTable<ReleaseLoadProgress, 'id'>;
  codeBlocks!: Table<CodeBlockRow, [string, string]>;
  reference!: Table<ReferenceRow, [string, string]>;
  /** The coder's worklist: each encounter with its documents and the coding in progress. */
  encounters!: EntityTable<Encounter, 'id'>;
  /** Finished revisions, frozen: reopening adds the next number and never rewrites one. */
  revisions!: Table<EncounterRevision, [string, number]>;
  /** Who opened and changed what, and when (append-only). */
  audit!: Table<AuditEvent & { seq?: number }, number>;
  /**
   * Finished revisions on their way to the billing server, written in the same transaction as
   * the revision (so a finished encounter is never without its outbox entry), sent in `seq` order.
   */
  outbox!: EntityTable<OutboxEntry, 'id'>;
  /** Small sync bookkeeping by key (the worklist pull's cursor). */
  syncMeta!: Table<{ key: string; value: string }, string>;

  constructor(name = 'coder-workstation') {
    super(name);
    this.version(1).stores({
      releases: 'id, system',
      releaseLoads: 'id',
      // Codes in blocks of one 3-character prefix (see core/codesets/code-block.ts): a few
      // thousand rows instead of 280k make the first load seconds instead of a minute.
      codeBlocks: '[releaseId+block]',
      reference: '[releaseId+key]',
    });
    // Version 2 adds the coding workspace; code-set tables are unchanged, so nothing migrates.
    this.version(2).stores({
      encounters: 'id, status, dateOfService, assignedTo',
      revisions: '[encounterId+number], encounterId',
      audit: '++seq, encounterId, at',
    });
    // Version 3 adds sync: the outbox and its bookkeeping.
    this.version(3).stores({
      outbox: 'id, seq, state, encounterId',
      syncMeta: 'key',
    });
  }
}

let instance: WorkstationDatabase | null = null;

/** The app's database (one per origin). Tests open their own instances by name. */
export function workstationDb(): WorkstationDatabase {
  instance ??= new WorkstationDatabase();
  return instance;
}
