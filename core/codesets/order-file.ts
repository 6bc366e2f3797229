import { sha256Hex } from './checksum';
import { fiscalYearFromFileName, fiscalYearRange } from './fiscal-year';
import { CodeSetFormatError } from './format-error';
import { readTextLines } from './text-file';
import { looksLikeZip, readZipMember } from './zip';
import type { CodeListRelease, CodeRecord, ReleaseFile, SourceFile } from './types';

/** The two code sets CMS publishes in the fixed-width "order file" layout. */
export type OrderFileSystem = 'icd10cm' | 'icd10pcs';

/**
 * Column layout of the CMS order file (icd10OrderFiles.pdf), 0-based half-open slices.
 * Order number 1-5, code 7-13, flag 15, short title 17-76, long title 78 on (1-based).
 */
const ORDER_LAYOUT = { order: [0, 5], code: [6, 13], flag: 14, short: [16, 76], long: 77 } as const;

/** A CM code: a letter then 2 to 6 letters or digits (no dot in CMS files; FY2026 added QA0-style categories). */
const ICD10CM_CODE = /^[A-Z][0-9A-Z]{2,6}$/;
/** A PCS code or header: 3 to 7 characters of digits and letters (PCS omits I and O). */
const ICD10PCS_CODE = /^[0-9A-HJ-NP-Z]{3,7}$/;

const MEMBER_NAME: Record<OrderFileSystem, RegExp> = {
  icd10cm: /^icd10cm_order_\d{4}\.txt$/i,
  icd10pcs: /^icd10pcs_order_\d{4}\.txt$/i,
};

const SYSTEM_NAME: Record<OrderFileSystem, string> = { icd10cm: 'ICD-10-CM', icd10pcs: 'ICD-10-PCS' };

/** One order-file line, checked, in tabular order. */
export interface OrderFileRecord extends CodeRecord {
  /** 1-based line number in the file (for errors further down the line). */
  line: number;
}

/**
 * Parse a CMS ICD-10-CM or ICD-10-PCS order file, given either the `.txt` or the CMS zip
 * that contains it. Every line is checked against the published layout; the first line
 * that breaks it stops the parse with an error naming the file, line and field.
 */
export async function parseOrderFile(
  input: ReleaseFile,
  system: OrderFileSystem,
  opts: { version?: string; effectiveFrom?: string; effectiveTo?: string | null } = {},
): Promise<CodeListRelease> {
  const source: SourceFile = { name: input.name, sha256: await sha256Hex(input.bytes), bytes: input.bytes.length };
  let file = input;
  if (looksLikeZip(input.bytes)) {
    file = readZipMember(input, (name) => MEMBER_NAME[system].test(name), `${SYSTEM_NAME[system]} order file (${system}_order_YYYY.txt)`);
    source.member = file.name;
  }
  const codes = parseOrderLines(file, system);
  const fiscalYear = fiscalYearFromFileName(file.name);
  if (!opts.version && fiscalYear === null) {
    throw new CodeSetFormatError({ file: file.name }, 'cannot tell the fiscal year from the file name; give the release version explicitly');
  }
  const range = fiscalYear !== null ? fiscalYearRange(fiscalYear) : { effectiveFrom: '', effectiveTo: null };
  return {
    meta: {
      system,
      content: 'codes',
      version: opts.version ?? `FY${fiscalYear}`,
      effectiveFrom: opts.effectiveFrom ?? range.effectiveFrom,
      effectiveTo: opts.effectiveTo !== undefined ? opts.effectiveTo : range.effectiveTo,
      sources: [source],
    },
    codes,
  };
}

/** Parse the lines of an order file (already unzipped). Exported for the addenda code. */
export function parseOrderLines(file: ReleaseFile, system: OrderFileSystem): OrderFileRecord[] {
  const what = `an ${SYSTEM_NAME[system]} order file`;
  const lines = readTextLines(file, what, { requireFinalNewline: true });
  if (lines.length === 0) throw new CodeSetFormatError({ file: file.name }, `the file has no lines; expected ${what}`);
  const codes: OrderFileRecord[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i];
    const line = i + 1;
    const at = (field: string) => ({ file: file.name, line, field });
    if (text.length <= ORDER_LAYOUT.long) {
      throw new CodeSetFormatError(at('long title (col 78+)'), `line is ${text.length} characters, too short for the order-file layout (the long title starts at column 78)`);
    }
    const order = text.slice(...ORDER_LAYOUT.order);
    if (!/^\d{5}$/.test(order) || text[5] !== ' ') {
      throw new CodeSetFormatError(at('order number (cols 1-5)'), `expected a 5-digit order number then a blank, found "${text.slice(0, 6)}"`);
    }
    const rawCode = text.slice(...ORDER_LAYOUT.code);
    const code = rawCode.trimEnd();
    const codePattern = system === 'icd10cm' ? ICD10CM_CODE : ICD10PCS_CODE;
    if (!codePattern.test(code) || text[13] !== ' ') {
      throw new CodeSetFormatError(at('code (cols 7-13)'), `"${rawCode}" is not an ${SYSTEM_NAME[system]} code in columns 7-13 (is a column shifted?)`);
    }
    const flag = text[ORDER_LAYOUT.flag];
    if ((flag !== '0' && flag !== '1') || text[15] !== ' ') {
      throw new CodeSetFormatError(at('billable flag (col 15)'), `expected 0 (header) or 1 (billable), found "${text.slice(14, 16)}"`);
    }
    if (text[76] !== ' ') {
      throw new CodeSetFormatError(at('short title (cols 17-76)'), 'column 77 should be blank after the 60-character short title (is a column shifted?)');
    }
    const shortTitle = text.slice(...ORDER_LAYOUT.short).trimEnd();
    const longTitle = text.slice(ORDER_LAYOUT.long).trimEnd();
    if (!shortTitle || !longTitle) {
      throw new CodeSetFormatError(at(shortTitle ? 'long title (col 78+)' : 'short title (cols 17-76)'), 'title is blank');
    }
    const earlier = seen.get(code);
    if (earlier !== undefined) {
      throw new CodeSetFormatError(at('code (cols 7-13)'), `${code} appears twice (also on line ${earlier})`);
    }
    seen.set(code, line);
    codes.push({ code, billable: flag === '1', shortTitle, longTitle, line });
  }
  return codes;
}
