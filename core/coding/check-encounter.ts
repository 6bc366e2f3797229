import { releaseVersions, type CodeSetVersions } from '../fhir/revision-bundle';
import { codeSetDate, type Encounter } from './encounter';
import type { EditFinding } from './edit-finding';
import { editCoverage, runEdits } from './edits';
import { diagnosesWithHcc, hccSource } from './hcc';
import type { CodingReference } from './reference';

/** What the coding panel shows after each change: the findings, and the HCCs of the diagnoses. */
export interface EncounterCheck {
  findings: EditFinding[];
  /** CMS-HCC V28 categories by diagnosis id (only diagnoses that map to one). */
  hcc: Record<string, number[]>;
  /** The HCC mapping's release label, when installed. */
  hccRelease?: string;
  /** Edits that could not run and why ("MUE table not installed"). */
  notChecked: string[];
  /** Titles of the assigned codes from the release in effect (code lists show them). */
  titles: Record<string, string>;
  /** The release of each code set the codes were checked in: written into the claim sent at Finish. */
  releases: CodeSetVersions;
  ms: number;
}

/** Run every edit on the encounter, and gather what the panel shows beside the codes. */
export function checkEncounter(encounter: Encounter, ref: CodingReference, now: () => number = () => Date.now()): EncounterCheck {
  const started = now();
  const findings = runEdits(encounter, ref);
  const hcc: Record<string, number[]> = {};
  for (const h of diagnosesWithHcc(encounter, ref)) hcc[h.diagnosisId] = h.v28;
  const titles: Record<string, string> = {};
  const date = codeSetDate(encounter);
  for (const dx of encounter.coding.diagnoses) {
    const found = ref.codeOnDate('icd10cm', dx.code, date);
    if ('title' in found) titles[`icd10cm:${dx.code}`] = found.title;
  }
  for (const line of encounter.coding.procedures) {
    const found = ref.codeOnDate(line.system, line.code, line.date || date);
    if ('title' in found) titles[`${line.system}:${line.code}`] = found.title;
  }
  const check: EncounterCheck = { findings, hcc, notChecked: editCoverage(ref), titles, releases: releaseVersions({ encounter }, ref), ms: 0 };
  const hccRelease = hccSource(ref);
  if (hccRelease) check.hccRelease = hccRelease;
  check.ms = now() - started;
  return check;
}
