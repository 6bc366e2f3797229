import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { codesToColumns, groupIntoBlocks } from '../core/codesets/code-block';
import { parseCptFile } from '../core/codesets/cpt-file';
import type { ReleaseMeta } from '../core/codesets/types';
import { codingReference, hcpcsDatesFromStoredReleases } from '../core/coding/engine-reference';
import type { CodingReference } from '../core/coding/reference';
import { corpusFromStoredReleases, type StoredRelease } from '../core/search/corpus-from-rows';
import { LookupEngine } from '../core/search/lookup-engine';
import { DEFAULT_OUT_DIR, packsPresent } from '../scripts/codesets-build';
import { loadStoredReleases } from '../scripts/load-packs';

/**
 * The code sets the server validates against: the same packs the workstation installs
 * (resources/codesets, built by `npm run codesets:build`), read once at start into the same
 * `CodingReference` the workstation's edits use, so a code the workstation accepts on a date
 * is one the server accepts, and the other way round. CPT is licensed and never shipped: a
 * server given a licensed CPT file (`--cpt`) checks CPT codes too; without one it can only
 * check their form, and says so in the response.
 */
export interface CodeSets {
  reference: CodingReference;
  /** The installed code lists, for /metadata. */
  releases: ReleaseMeta[];
}

export const DEFAULT_CODESETS_DIR = DEFAULT_OUT_DIR;

/** Thrown when the packs are not there: the server cannot validate codes and must not start. */
export class CodeSetsMissingError extends Error {
  constructor(readonly dir: string) {
    super(`no code-set packs in ${dir}: the billing server validates every code against them. Run \`npm run codesets:build\` first (or pass --codesets DIR).`);
    this.name = 'CodeSetsMissingError';
  }
}

/** Load the code lists (not the Tabular, Index or edit data: the server checks codes only), plus a licensed CPT file when given. */
export async function loadCodeSets(dir: string = DEFAULT_CODESETS_DIR, cptFile?: string): Promise<CodeSets> {
  if (!packsPresent(dir)) throw new CodeSetsMissingError(dir);
  const stored: StoredRelease[] = loadStoredReleases(dir).filter((r) => r.meta.content === 'codes');
  if (cptFile) {
    const cpt = await parseCptFile({ name: basename(cptFile), bytes: new Uint8Array(readFileSync(cptFile)) });
    stored.push({ meta: cpt.meta, rows: groupIntoBlocks(cpt.codes).map((b) => ({ key: b.key, json: JSON.stringify(codesToColumns(b.codes)) })) });
  }
  const { corpus } = corpusFromStoredReleases(stored);
  const engine = new LookupEngine(corpus);
  return { reference: codingReference({ engine, hcpcsDates: hcpcsDatesFromStoredReleases(stored) }), releases: stored.map((r) => r.meta) };
}
