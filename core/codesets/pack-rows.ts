import { columnsToCodes, type CodeColumns, type Pack } from './pack';
import type { CodeRecord } from './types';

/** A reference document: one Tabular chapter, section or category subtree, or a block of Index main terms. */
export interface ReferenceDocument {
  key: string;
  doc: unknown;
}

/**
 * Codes sharing their first three characters (an ICD-10-CM category, a PCS table, a HCPCS
 * code range), stored as one database row. IndexedDB in Chromium costs about a quarter of a
 * millisecond per record whatever its size, so 280k one-code rows took over a minute to load;
 * ~6k blocks take seconds. A prefix lookup reads one block (or a range for 1-2 characters).
 */
export interface CodeBlock {
  block: string;
  codes: CodeRecord[];
}

/** What a pack puts into the database: code blocks, or reference documents. */
export type PackRecords = { table: 'codes'; rows: CodeBlock[] } | { table: 'reference'; rows: ReferenceDocument[] };

/** The block a code is stored in. */
export function codeBlockKey(code: string): string {
  return code.slice(0, 3);
}

/** Group codes into blocks, keeping file (tabular) order within each block. */
export function codeBlocks(codes: CodeRecord[]): CodeBlock[] {
  const blocks = new Map<string, CodeRecord[]>();
  for (const c of codes) {
    const key = codeBlockKey(c.code);
    let list = blocks.get(key);
    if (!list) blocks.set(key, (list = []));
    list.push(c);
  }
  return [...blocks].map(([block, list]) => ({ block, codes: list }));
}

/** The records a pack holds, ready to be written in chunks. */
export function packRows(pack: Pack): PackRecords {
  if (pack.header.meta.content === 'codes') {
    return { table: 'codes', rows: codeBlocks(columnsToCodes(pack.payload as CodeColumns)) };
  }
  const docs = (pack.payload as { documents?: ReferenceDocument[] }).documents;
  if (!Array.isArray(docs)) throw new Error(`pack ${pack.header.id} has no documents`);
  return { table: 'reference', rows: docs };
}

/** How many codes or documents a row carries: the unit of the progress bar. */
export function rowRecordCount(records: PackRecords, index: number): number {
  return records.table === 'codes' ? records.rows[index].codes.length : 1;
}
