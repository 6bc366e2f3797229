import { displayCode, normalizeCodeInput } from '../codesets/code-display';
import type { Encounter } from './encounter';
import type { CodingReference } from './reference';

/** The CMS-HCC V28 payment categories of one diagnosis, labelled with the mapping they came from. */
export interface HccCategories {
  code: string;
  display: string;
  /** V28 HCC numbers, ascending; empty when the code maps to none. */
  v28: number[];
  /** "HCC 37, HCC 38", or "" when none. */
  label: string;
  /** The mapping's release, e.g. "CMS-HCC V28 (2026 initial)". */
  source: string;
}

/** "CMS-HCC V28 (2026 initial)": the mapping file's own name for its model and release. */
export function hccSource(ref: CodingReference): string | null {
  if (!ref.hcc) return null;
  const { version } = ref.hcc.meta;
  return /V28/i.test(version) ? `CMS-HCC ${version}` : `CMS-HCC V28, ${version} mappings`;
}

/**
 * The V28 categories of a diagnosis code for display beside it; null when no HCC mapping is
 * installed (the panel then says so instead of showing "no HCC"). The mapping may be older
 * than the code set: a code added since maps to nothing here, and the label names the mapping.
 */
export function hccFor(ref: CodingReference, input: string): HccCategories | null {
  const source = hccSource(ref);
  if (!ref.hcc || !source) return null;
  const code = normalizeCodeInput(input);
  const v28 = [...new Set(ref.hcc.v28(code))].sort((a, b) => a - b);
  return { code, display: displayCode('icd10cm', code), v28, label: v28.map((n) => `HCC ${n}`).join(', '), source };
}

/** One assigned diagnosis that carries an HCC. */
export interface DiagnosisHcc extends HccCategories {
  diagnosisId: string;
  /** Position in the diagnosis list (0 = first-listed/principal). */
  position: number;
}

/** The assigned diagnoses that map to a V28 HCC, in list order; empty when no mapping is installed. */
export function diagnosesWithHcc(encounter: Encounter, ref: CodingReference): DiagnosisHcc[] {
  const out: DiagnosisHcc[] = [];
  encounter.coding.diagnoses.forEach((dx, position) => {
    const hcc = dx.code ? hccFor(ref, dx.code) : null;
    if (hcc && hcc.v28.length) out.push({ ...hcc, diagnosisId: dx.id, position });
  });
  return out;
}
