import { sha256Hex } from './checksum';
import { fiscalYearFromFileName, fiscalYearRange } from './fiscal-year';
import { CodeSetFormatError } from './format-error';
import { readTextLines } from './text-file';
import { looksLikeZip, readZipMember } from './zip';
import type { CodeListRelease, CodeRecord, ReleaseFile, SourceFile } from './types';

/** What an addenda line does to a code or header. */
export type AddendaAction = 'add' | 'delete' | 'revise';

/** One change between two ICD-10-CM releases, as the order addenda lists it. */
export interface AddendaChange {
  action: AddendaAction;
  code: string;
  billable: boolean;
  shortTitle: string;
  longTitle: string;
  /** For a revision: the titles it replaces ("Revise from:"). */
  previous?: { shortTitle: string; longTitle: string };
  line: number;
}

/** The summary block CMS prints at the end of the addenda; used to check our own counting. */
export interface AddendaSummary {
  headers: { before: number; after: number; additions: number; deletions: number; revisions: number };
  codes: { before: number; after: number; additions: number; deletions: number; revisions: number };
}

export interface OrderAddenda {
  /** Fiscal year the addenda leads to (the "after" release), e.g. 2027. */
  toFiscalYear: number;
  changes: AddendaChange[];
  summary: AddendaSummary;
  source: SourceFile;
}

/**
 * The addenda layout is the order-file layout with a 13-character action prefix in place of
 * the order number: flag at column 14, code 16-22, short title 24-83, long title 85 on.
 */
const LAYOUT = { prefix: 13, flag: 13, code: [15, 22], short: [23, 83], long: 84 } as const;
const PREFIXES: Record<string, 'add' | 'delete' | 'from' | 'to'> = {
  'Add:': 'add',
  'Delete:': 'delete',
  'Revise from:': 'from',
  'Revise to:': 'to',
};
const MEMBER_NAME = /^icd10cm_order_addenda_\d{4}\.txt$/i;

/**
 * Parse a CMS ICD-10-CM order addenda file (`icd10cm_order_addenda_2027.txt`, or the zip
 * holding it). The summary block at the end is parsed too: `applyAddenda` checks its own
 * result against it, so a half-read or hand-edited addenda cannot build a wrong release.
 */
export async function parseOrderAddenda(input: ReleaseFile): Promise<OrderAddenda> {
  const source: SourceFile = { name: input.name, sha256: await sha256Hex(input.bytes), bytes: input.bytes.length };
  let file = input;
  if (looksLikeZip(input.bytes)) {
    file = readZipMember(input, (name) => MEMBER_NAME.test(name), 'ICD-10-CM order addenda (icd10cm_order_addenda_YYYY.txt)');
    source.member = file.name;
  }
  const toFiscalYear = fiscalYearFromFileName(file.name);
  if (toFiscalYear === null) {
    throw new CodeSetFormatError({ file: file.name }, 'cannot tell the fiscal year from the file name (expected icd10cm_order_addenda_YYYY.txt)');
  }
  const lines = readTextLines(file, 'an ICD-10-CM order addenda file', { requireFinalNewline: true });
  const changes: AddendaChange[] = [];
  let pendingFrom: AddendaChange | null = null;
  let summaryStart = -1;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i];
    const line = i + 1;
    if (text.trim() === '') {
      if (changes.length > 0 || pendingFrom) {
        summaryStart = i + 1;
        break;
      }
      continue;
    }
    const prefix = text.slice(0, LAYOUT.prefix).trimEnd();
    const kind = PREFIXES[prefix];
    if (!kind) {
      throw new CodeSetFormatError({ file: file.name, line, field: 'action (cols 1-13)' }, `expected Add:, Delete:, Revise from: or Revise to:, found "${text.slice(0, 13)}"`);
    }
    const record = parseChangeFields(text, file.name, line);
    if (kind === 'from') {
      if (pendingFrom) throw new CodeSetFormatError({ file: file.name, line }, `"Revise from:" for ${record.code} follows another "Revise from:" without its "Revise to:"`);
      pendingFrom = { action: 'revise', ...record, line };
      continue;
    }
    if (kind === 'to') {
      if (!pendingFrom || pendingFrom.code !== record.code) {
        throw new CodeSetFormatError({ file: file.name, line }, `"Revise to:" for ${record.code} has no matching "Revise from:" line before it`);
      }
      changes.push({ action: 'revise', ...record, previous: { shortTitle: pendingFrom.shortTitle, longTitle: pendingFrom.longTitle }, line });
      pendingFrom = null;
      continue;
    }
    if (pendingFrom) throw new CodeSetFormatError({ file: file.name, line: pendingFrom.line }, `"Revise from:" for ${pendingFrom.code} has no "Revise to:" line after it`);
    changes.push({ action: kind, ...record, line });
  }
  if (pendingFrom) throw new CodeSetFormatError({ file: file.name, line: pendingFrom.line }, `"Revise from:" for ${pendingFrom.code} has no "Revise to:" line after it`);
  if (changes.length === 0) throw new CodeSetFormatError({ file: file.name }, 'no Add/Delete/Revise lines found; this is not an order addenda file');
  if (summaryStart < 0) throw new CodeSetFormatError({ file: file.name, line: lines.length }, 'the summary block (Headers / Codes counts) is missing; the file may be truncated');
  const summary = parseSummary(lines.slice(summaryStart), file.name, summaryStart + 1);
  return { toFiscalYear, changes, summary, source };
}

function parseChangeFields(text: string, fileName: string, line: number) {
  const at = (field: string) => ({ file: fileName, line, field });
  if (text.length <= LAYOUT.long) throw new CodeSetFormatError(at('long title (col 85+)'), `line is ${text.length} characters, too short for the addenda layout`);
  const flag = text[LAYOUT.flag];
  if (flag !== '0' && flag !== '1') throw new CodeSetFormatError(at('billable flag (col 14)'), `expected 0 or 1, found "${flag}"`);
  const code = text.slice(...LAYOUT.code).trimEnd();
  if (!/^[A-Z][0-9A-Z]{2,6}$/.test(code)) throw new CodeSetFormatError(at('code (cols 16-22)'), `"${code}" is not an ICD-10-CM code (is a column shifted?)`);
  const shortTitle = text.slice(...LAYOUT.short).trimEnd();
  const longTitle = text.slice(LAYOUT.long).trimEnd();
  if (!shortTitle || !longTitle) throw new CodeSetFormatError(at('title'), 'title is blank');
  return { code, billable: flag === '1', shortTitle, longTitle };
}

function parseSummary(lines: string[], fileName: string, firstLine: number): AddendaSummary {
  const blocks: Record<string, Record<string, number>> = {};
  let current: Record<string, number> | null = null;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i].trim();
    if (text === 'Headers' || text === 'Codes') {
      current = blocks[text] = {};
      continue;
    }
    const match = /^(\d+)\s+(.*)$/.exec(text);
    if (!match || !current) continue;
    const [, n, label] = match;
    const value = Number(n);
    if (/^(headers|codes) in .*_(\d{4})\.txt$/.test(label)) current[current.before === undefined ? 'before' : 'after'] = value;
    else if (label === 'additions' || label === 'deletions' || label === 'revisions') current[label] = value;
  }
  const take = (name: string) => {
    const block = blocks[name];
    const keys = ['before', 'after', 'additions', 'deletions', 'revisions'];
    if (!block || keys.some((k) => block[k] === undefined)) {
      throw new CodeSetFormatError({ file: fileName, line: firstLine, element: `summary ${name}` }, `the summary block has no complete "${name}" counts`);
    }
    return block as AddendaSummary['headers'];
  };
  return { headers: take('Headers'), codes: take('Codes') };
}

/**
 * Build the next release by applying an addenda to the previous one: FY2027 = FY2026 order
 * file + FY2027 addenda, because CMS's FY2027 full file is not available to us. Every change
 * is checked against the base (a deletion must delete what is there, a revision must start
 * from the base's titles), and the result is checked against the addenda's own summary counts.
 *
 * Added codes have no official order number; they are placed after their nearest existing
 * ancestor's block, in code order among its children, which reproduces tabular order for
 * every addition in FY2027.
 */
export function applyAddenda(base: CodeListRelease, addenda: OrderAddenda): CodeListRelease {
  const name = addenda.source.member ?? addenda.source.name;
  const fail = (change: AddendaChange, problem: string): never => {
    throw new CodeSetFormatError({ file: name, line: change.line, field: change.code }, problem);
  };
  const baseYear = Number(base.meta.version.replace(/^FY/, ''));
  if (base.meta.system !== 'icd10cm' || baseYear + 1 !== addenda.toFiscalYear) {
    throw new CodeSetFormatError({ file: name }, `this addenda leads to FY${addenda.toFiscalYear}; it must be applied to FY${addenda.toFiscalYear - 1} ICD-10-CM, not ${base.meta.system} ${base.meta.version}`);
  }
  const codes: CodeRecord[] = base.codes.map(({ code, billable, shortTitle, longTitle }) => ({ code, billable, shortTitle, longTitle }));
  const tally = { headers: { additions: 0, deletions: 0, revisions: 0 }, codes: { additions: 0, deletions: 0, revisions: 0 } };
  for (const change of addenda.changes) {
    const bucket = change.billable ? tally.codes : tally.headers;
    // A linear scan per change: a few hundred changes over ~98k codes is ~0.2 s, cheaper
    // than keeping a code->position map in step with every splice.
    const found = codes.findIndex((c) => c.code === change.code);
    const at = found < 0 ? undefined : found;
    const existing = at === undefined ? undefined : codes[at];
    if (change.action === 'delete') {
      if (!existing) fail(change, `deletes ${change.code}, which FY${baseYear} does not have`);
      if (existing!.billable !== change.billable) fail(change, `deletes ${change.code} as ${change.billable ? 'billable' : 'a header'}, but FY${baseYear} has it as ${existing!.billable ? 'billable' : 'a header'}`);
      codes.splice(at!, 1);
      bucket.deletions++;
    } else if (change.action === 'add') {
      if (existing) fail(change, `adds ${change.code}, which is already there`);
      const record = { code: change.code, billable: change.billable, shortTitle: change.shortTitle, longTitle: change.longTitle };
      codes.splice(insertionPoint(codes, change.code), 0, record);
      bucket.additions++;
    } else {
      if (!existing) fail(change, `revises ${change.code}, which FY${baseYear} does not have`);
      if (existing!.longTitle !== change.previous!.longTitle) fail(change, `revises ${change.code} from "${change.previous!.longTitle}", but FY${baseYear} has "${existing!.longTitle}"`);
      if (existing!.shortTitle !== change.previous!.shortTitle) fail(change, `revises ${change.code}'s short title from "${change.previous!.shortTitle}", but FY${baseYear} has "${existing!.shortTitle}"`);
      codes[at!] = { ...existing!, shortTitle: change.shortTitle, longTitle: change.longTitle };
      bucket.revisions++;
    }
  }
  const count = (billable: boolean) => codes.filter((c) => c.billable === billable).length;
  const check = (label: 'headers' | 'codes', after: number) => {
    const expected = addenda.summary[label];
    const got = { after, ...tally[label] };
    for (const key of ['after', 'additions', 'deletions', 'revisions'] as const) {
      if (got[key] !== expected[key]) {
        throw new CodeSetFormatError({ file: name, element: `summary ${label}` }, `applying the addenda gave ${got[key]} ${label} ${key === 'after' ? 'in all' : key}, but its summary says ${expected[key]}`);
      }
    }
  };
  check('headers', count(false));
  check('codes', count(true));
  const range = fiscalYearRange(addenda.toFiscalYear);
  return {
    meta: {
      system: 'icd10cm',
      content: 'codes',
      version: `FY${addenda.toFiscalYear}`,
      ...range,
      sources: [...base.meta.sources, addenda.source],
      derivedFrom: `ICD-10-CM ${base.meta.version} order file + FY${addenda.toFiscalYear} order addenda`,
    },
    codes,
  };
}

/** Where an added code goes: after the block of its longest existing prefix, in code order. */
function insertionPoint(codes: CodeRecord[], code: string): number {
  for (let len = code.length - 1; len >= 3; len--) {
    const ancestor = code.slice(0, len);
    const start = codes.findIndex((c) => c.code === ancestor);
    if (start < 0) continue;
    let i = start + 1;
    while (i < codes.length && codes[i].code.startsWith(ancestor) && codes[i].code < code) i++;
    return i;
  }
  // A new category: before the first code that sorts after it within the same letter.
  const i = codes.findIndex((c) => c.code[0] === code[0] && c.code > code);
  if (i >= 0) return i;
  const lastOfLetter = codes.map((c) => c.code[0]).lastIndexOf(code[0]);
  return lastOfLetter >= 0 ? lastOfLetter + 1 : codes.length;
}
