import { displayCode, normalizeCodeInput } from '../../core/codesets/code-display';
import { codeBlockKey, readCodeBlock } from '../../core/codesets/code-block';
import { releaseInEffect } from '../../core/codesets/release-in-effect';
import type { CodeSystem } from '../../core/codesets/types';
import type { InstalledRelease, WorkstationDatabase } from '../db/database';

export interface CodeMatch {
  system: CodeSystem;
  releaseId: string;
  version: string;
  code: string;
  display: string;
  title: string;
  billable: boolean;
  kind?: 'code' | 'modifier';
  terminatedOn?: string;
}

export interface PrefixLookup {
  matches: CodeMatch[];
  /** Code systems with no installed release in effect on the date (the UI says so). */
  notInstalled: CodeSystem[];
}

const SYSTEMS: CodeSystem[] = ['icd10cm', 'hcpcs', 'cpt', 'icd10pcs'];

/**
 * The minimal lookup: codes starting with what the coder typed (dot and case ignored), from
 * the release of each code set in effect on the date of service. The fuzzy engine replaces
 * this for words; code-shaped input will keep using the same prefix walk.
 */
export async function findCodesByPrefix(db: WorkstationDatabase, typed: string, dateOfService: string, limit = 50, systems: CodeSystem[] = SYSTEMS): Promise<PrefixLookup> {
  const prefix = normalizeCodeInput(typed);
  const releases = await db.releases.toArray();
  const notInstalled: CodeSystem[] = [];
  const inEffect: InstalledRelease[] = [];
  for (const system of systems) {
    const r = releaseInEffect(releases, system, dateOfService);
    if (r) inEffect.push(r);
    else if (releases.some((x) => x.system === system)) notInstalled.push(system);
  }
  if (!prefix) return { matches: [], notInstalled };
  const matches: CodeMatch[] = [];
  for (const release of inEffect) {
    if (matches.length >= limit) break;
    const blocks =
      prefix.length >= 3
        ? [await db.codeBlocks.get([release.id, codeBlockKey(prefix)])].filter((b) => b !== undefined)
        : await db.codeBlocks.where('[releaseId+block]').between([release.id, prefix], [release.id, prefix + '\uffff']).toArray();
    const rows = blocks.flatMap((b) => readCodeBlock(b.json).filter((c) => c.code.startsWith(prefix))).slice(0, limit - matches.length);
    for (const row of rows) {
      matches.push({
        system: release.system,
        releaseId: release.id,
        version: release.meta.version,
        code: row.code,
        display: displayCode(release.system, row.code),
        title: row.longTitle,
        billable: row.billable,
        kind: row.kind,
        terminatedOn: row.terminatedOn,
      });
    }
  }
  return { matches, notInstalled };
}
