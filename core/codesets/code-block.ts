import type { CodeRecord } from './types';

/**
 * Codes sharing their first three characters (an ICD-10-CM category, a PCS table, a HCPCS
 * range) travel and are stored as one row. IndexedDB in Chromium costs about a quarter of a
 * millisecond per record, so 280k one-code rows took over a minute to load; ~6k blocks take
 * seconds. A prefix lookup of 3+ characters reads exactly one block.
 *
 * In the block, codes are stored column-wise (one array per field) and a short title equal to
 * its long title is stored as "": together that halves the size of a list of records.
 */
export interface CodeBlockColumns {
  code: string[];
  /** One '1' (billable) or '0' (header/modifier) per code. */
  billable: string;
  /** "" when the short title equals the long title. */
  shortTitle: string[];
  longTitle: string[];
  /** HCPCS only. */
  kind?: ('code' | 'modifier')[];
  addedOn?: (string | null)[];
  effectiveOn?: (string | null)[];
  terminatedOn?: (string | null)[];
}

/** The block a code is stored in. */
export function codeBlockKey(code: string): string {
  return code.slice(0, 3);
}

/** Group codes into blocks (in order of first appearance), keeping file (tabular) order within each. */
export function groupIntoBlocks(codes: CodeRecord[]): { key: string; codes: CodeRecord[] }[] {
  const blocks = new Map<string, CodeRecord[]>();
  for (const c of codes) {
    const key = codeBlockKey(c.code);
    let list = blocks.get(key);
    if (!list) blocks.set(key, (list = []));
    list.push(c);
  }
  return [...blocks].map(([key, list]) => ({ key, codes: list }));
}

export function codesToColumns(codes: CodeRecord[]): CodeBlockColumns {
  const columns: CodeBlockColumns = {
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

export function columnsToCodes(columns: CodeBlockColumns): CodeRecord[] {
  return columns.code.map((code, i) => {
    const record: CodeRecord = {
      code,
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
    return record;
  });
}

/** The codes of a stored block row. */
export function readCodeBlock(json: string): CodeRecord[] {
  return columnsToCodes(JSON.parse(json) as CodeBlockColumns);
}
