/**
 * The one error every parser throws for bad input. It always names the file and, where it
 * can, the line, the field or the XML element, so a coder importing a damaged release file
 * (or the CLI log) says exactly what is wrong and where.
 */
export interface FormatErrorLocation {
  file: string;
  /** 1-based line number in the file (or in the zip member). */
  line?: number;
  /** Column or field name, e.g. `code (cols 7-13)` or `TERM DT`. */
  field?: string;
  /** XML element path, e.g. `ICD10CM.tabular > chapter[3] > section`. */
  element?: string;
}

export class CodeSetFormatError extends Error {
  readonly location: FormatErrorLocation;

  constructor(location: FormatErrorLocation, problem: string) {
    super(`${describeLocation(location)}: ${problem}`);
    this.name = 'CodeSetFormatError';
    this.location = location;
  }
}

function describeLocation(loc: FormatErrorLocation): string {
  const parts = [loc.file];
  if (loc.line !== undefined) parts.push(`line ${loc.line}`);
  if (loc.element) parts.push(`element <${loc.element}>`);
  if (loc.field) parts.push(`field ${loc.field}`);
  return parts.join(', ');
}
