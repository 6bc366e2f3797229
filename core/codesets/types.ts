/**
 * Normalized shapes every code-set parser returns. A parser never mixes content from two
 * releases: each record set travels with the `ReleaseMeta` it came from, so the UI can always
 * say "this title is from ICD-10-CM FY2026" and the tabular notes "from the FY2023 Tabular".
 */

/** The code systems a coder assigns from. */
export type CodeSystem = 'icd10cm' | 'icd10pcs' | 'hcpcs' | 'cpt';

/**
 * What part of a code set a release carries: the code list, reference content for it (Tabular,
 * Index), or the edit data checked against it: the Medicare Code Editor lists (`mce`, ICD-10-CM),
 * the NCCI Medically Unlikely Edits (`mue`, HCPCS/CPT) and the CMS-HCC mappings (`hcc`, ICD-10-CM).
 */
export type ReleaseContent = 'codes' | 'tabular' | 'index' | 'mce' | 'mue' | 'hcc';

/** One official file a release was read from, with its checksum for audit. */
export interface SourceFile {
  /** File name as the user or CMS named it (no directories). */
  name: string;
  /** Member name when the data was read from inside a zip. */
  member?: string;
  /** Hex sha256 of the file's bytes (of the zip when read from a zip). */
  sha256: string;
  bytes: number;
}

/** Release metadata: which code set, which version, when it is in effect, where it came from. */
export interface ReleaseMeta {
  system: CodeSystem;
  content: ReleaseContent;
  /** Version label as coders say it: `FY2026`, `2025-10`, `2026`. */
  version: string;
  /** First date of service the release applies to (YYYY-MM-DD, inclusive). */
  effectiveFrom: string;
  /** Last date of service (YYYY-MM-DD, inclusive); null while no successor is known. */
  effectiveTo: string | null;
  sources: SourceFile[];
  /** How the release was assembled when it is not a single file, e.g. from addenda. */
  derivedFrom?: string;
}

/** One code (or header) of a code set. Codes are stored without the dot, upper case. */
export interface CodeRecord {
  code: string;
  /** True when valid for claims (ICD "billable"/HIPAA-valid); false for headers/categories. */
  billable: boolean;
  shortTitle: string;
  longTitle: string;
  /** HCPCS only: a Level II code or a modifier. */
  kind?: 'code' | 'modifier';
  /** HCPCS only: dates from the quarterly file (YYYY-MM-DD). */
  addedOn?: string;
  effectiveOn?: string;
  terminatedOn?: string;
}

/** A parsed code list with the release it belongs to. */
export interface CodeListRelease {
  meta: ReleaseMeta;
  codes: CodeRecord[];
}

/** A file handed to a parser: its name (for error messages and provenance) and its bytes. */
export interface ReleaseFile {
  name: string;
  bytes: Uint8Array;
}
