/**
 * The part of csv-parse 7 (`csv-parse/browser/esm/sync`) that core/ uses, typed here rather
 * than through the package's typings, which reference @types/node (see csv-parse-sync.js).
 */
export interface CsvParseOptions<T> {
  relax_column_count?: boolean;
  /** Called per record with the line count so far (the record's last line); its result is what parse returns. */
  on_record: (record: string[], context: { lines: number }) => T;
}

export function parse<T>(input: string, options: CsvParseOptions<T>): T[];
