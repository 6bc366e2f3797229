import type { InheritedNote, SeventhCharacterSource } from '../codesets/tabular-xml';
import type { CodeSystem, ReleaseMeta } from '../codesets/types';

/**
 * What the edits need to know about codes, behind one interface: the app answers it from the
 * installed releases in its worker, tests from the packs and raw files. Every answer carries
 * the release it came from, so each finding can name its source.
 */

/** A code looked up in the release in effect on a date of service. */
export type CodeOnDate =
  /** Valid for claims on that date. */
  | { status: 'valid'; title: string; release: ReleaseMeta; kind?: 'code' | 'modifier' }
  /** In the release, but a header (category/subcategory), not valid for claims. */
  | { status: 'header'; title: string; release: ReleaseMeta }
  /** Not in the release in effect, but in another installed one (added later, deleted, terminated). */
  | {
      status: 'not-in-effect';
      release: ReleaseMeta;
      validIn: ReleaseMeta[];
      title: string;
      /** HCPCS: the code is in the release in effect, but was added after the date (ADD DT). */
      addedOn?: string;
      /** HCPCS: the code is in the release in effect, but was terminated before the date (TERM DT, its last valid date). */
      terminatedOn?: string;
    }
  /** In no installed release of the code set. */
  | { status: 'unknown'; release: ReleaseMeta }
  /** No release of the code set covers the date: the app must say so, not guess. */
  | { status: 'no-release' };

/** ICD-10-CM Tabular content for the edits: notes in effect and 7th characters. */
export interface TabularFacts {
  /** The Tabular's own version (it may be older than the code list: say so). */
  version: string;
  /** Every note in effect for the code (its own and inherited), as `notesInEffect` returns. */
  notes(code: string): InheritedNote[];
  /** The 7th-character definition that applies to the code, if any. */
  seventh(code: string): SeventhCharacterSource | null;
}

/** The Medicare Code Editor's age lists (edit 4). */
export type MceAgeList = 'newborn' | 'pediatric' | 'maternity' | 'adult';

/** The MCE lists the workstation checks, from CMS's "Definitions of Medicare Code Edits". */
export interface MceDefinitions {
  meta: ReleaseMeta;
  /** Edit 4A-4D: the list a diagnosis is on, with the ages it is valid for (inclusive). */
  ageList(code: string): { list: MceAgeList; minAge: number; maxAge: number } | null;
  /** Edit 6: manifestation codes, not allowed as principal/first-listed diagnosis. */
  isManifestation(code: string): boolean;
  /** Edit 9: unacceptable principal diagnosis (inpatient). */
  isUnacceptablePrincipal(code: string): boolean;
  /** Edit 9 codes marked "*" (Z51.89): acceptable as principal when a secondary diagnosis is coded. */
  acceptableWithSecondary?(code: string): boolean;
}

/** Which NCCI MUE table applies: practitioner services, facility outpatient hospital, or DME supplier. */
export type MueTableKind = 'practitioner' | 'outpatient-hospital' | 'dme';

/** MUE Adjudication Indicator: 1 line edit, 2 date of service (policy), 3 date of service (clinical). */
export type MueAdjudication = 1 | 2 | 3;

export interface MueLimit {
  value: number;
  adjudication: MueAdjudication;
  rationale: string;
}

export interface MueTables {
  meta: ReleaseMeta;
  limit(table: MueTableKind, code: string): MueLimit | null;
}

/** CMS-HCC V28 payment model categories of a diagnosis. */
export interface HccMappings {
  meta: ReleaseMeta;
  /** V28 HCC numbers the code maps to (empty when none). */
  v28(code: string): number[];
}

/** Everything the edits consult. Optional parts mean "not installed": the edits say what they could not check. */
export interface CodingReference {
  codeOnDate(system: CodeSystem, code: string, date: string): CodeOnDate;
  tabular?: TabularFacts;
  mce?: MceDefinitions;
  mue?: MueTables;
  hcc?: HccMappings;
}
