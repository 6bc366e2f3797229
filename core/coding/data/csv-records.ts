import { CodeSetFormatError } from '../../codesets/format-error';
import { parse } from './csv-parse-sync.js';

/** One CSV record with the lines it spans (a quoted cell may hold newlines). */
export interface CsvRecord {
  cells: string[];
  /** 1-based first and last line of the record in the file. */
  line: number;
  endLine: number;
}

/**
 * Every record of a CMS CSV file. Record lengths may differ (the MUE notice and the HCC notes
 * are one-cell records padded or not); callers check the cells they read. A quote left open or a
 * stray quote inside a cell becomes a CodeSetFormatError naming the line the bad record starts on.
 */
export function readCsvRecords(fileName: string, text: string): CsvRecord[] {
  // csv-parse counts a CRLF inside a quoted cell as two lines (the MUE notice would put every
  // later line number 7 too far), so line ends are made LF first; the line count is unchanged.
  const lf = text.replace(/\r\n?/g, '\n');
  let lastLine = 0;
  try {
    return parse(lf, {
      relax_column_count: true,
      on_record: (cells, { lines }) => {
        lastLine = lines;
        // Quoted cells carry the record's inner line breaks, so its first line is this far up.
        const inner = cells.reduce((n, cell) => n + countNewlines(cell), 0);
        return { cells, line: lines - inner, endLine: lines };
      },
    });
  } catch (error) {
    // csv-parse names the line it stopped on, for a quote left open the end of the file; the
    // record that failed starts after the last one it finished, so name that line.
    throw new CodeSetFormatError({ file: fileName, line: firstLineWithText(lf, lastLine + 1) }, `not a readable CSV file (${(error as Error).message})`);
  }
}

/** The first line from `line` on that is not empty (records never start on an empty line). */
function firstLineWithText(text: string, line: number): number {
  const lines = text.split('\n');
  while (line <= lines.length && lines[line - 1].trim() === '') line++;
  return Math.min(line, lines.length);
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** A header cell as one line: `"HCPCS/\nCPT Code"` -> `HCPCS/CPT Code`. */
export function headerText(cell: string): string {
  return cell.replace(/\s+/g, ' ').replace(/ ?\/ ?/g, '/').trim();
}

/** A record with nothing in any cell (the HCC file's spacer rows, `,,,,`). */
export function isBlankRecord(cells: string[]): boolean {
  return cells.every((c) => c.trim() === '');
}
