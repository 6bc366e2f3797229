import { refuseEmptyOrBinary } from '../../codesets/text-file';
import type { ReleaseFile } from '../../codesets/types';

/**
 * Text of a CMS file that is not UTF-8: the MCE definitions are Windows-1252 (curly
 * apostrophes, en dashes) and the NCCI MUE tables Latin-1 (the ® in the AMA notice; WHATWG
 * decodes the label latin1 as Windows-1252 anyway). A file someone re-saved as UTF-8 still
 * reads right, because valid UTF-8 is taken as UTF-8 first; the CMS bytes 0x92/0x96/0xAE
 * alone are never valid UTF-8. A binary file (a zip or PDF picked by mistake) is refused up
 * front instead of failing later with a puzzling "no heading" message.
 */
export function decodeLegacyText(file: ReleaseFile, what: string): string {
  refuseEmptyOrBinary(file, what);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
  } catch {
    text = decodeWindows1252(file.bytes);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Windows-1252 as the WHATWG Encoding Standard defines it. Node 20's TextDecoder('windows-1252')
 * decodes 0x80-0x9F as Latin-1 C1 controls (nodejs/node#56542), so "0–17" would read "0\u009617";
 * those code points are mapped here, and the result is the same in Node, browsers and workers.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder('windows-1252').decode(bytes).replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80]);
}

/** 0x80-0x9F in Windows-1252; the five bytes it leaves undefined stay C1 controls, as WHATWG says. */
const WINDOWS_1252_C1 = [
  '\u20ac', '\u0081', '\u201a', '\u0192', '\u201e', '\u2026', '\u2020', '\u2021', '\u02c6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008d', '\u017d', '\u008f',
  '\u0090', '\u2018', '\u2019', '\u201c', '\u201d', '\u2022', '\u2013', '\u2014', '\u02dc', '\u2122', '\u0161', '\u203a', '\u0153', '\u009d', '\u017e', '\u0178',
];

/** Excel's column letter for a 0-based index (A, B, ..., AA), as a coder sees the CSV in Excel. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}
