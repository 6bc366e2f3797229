import { readCodeBlock } from '../codesets/code-block';
import { normalizeCodeInput } from '../codesets/code-display';
import { releaseInEffect, type InstalledReleaseRef } from '../codesets/release-in-effect';
import { notesInEffect, seventhCharactersFor, type InheritedNote, type SeventhCharacterSource, type TabularList } from '../codesets/tabular-xml';
import type { CodeSystem, ReleaseMeta } from '../codesets/types';
import type { StoredRelease } from '../search/corpus-from-rows';
import type { LookupEngine } from '../search/lookup-engine';
import type { CodeOnDate, CodingReference, HccMappings, MceDefinitions, MueTables, TabularFacts } from './reference';

/** HCPCS dates of one code from the quarterly file (YYYY-MM-DD): ADD DT and TERM DT (its last valid date). */
export interface HcpcsCodeDates {
  addedOn?: string;
  terminatedOn?: string;
}

/** HCPCS dates by release version, then code. */
export type HcpcsDates = Map<string, Map<string, HcpcsCodeDates>>;

/** What a `CodingReference` is built from: the lookup engine and whatever reference data is installed. */
export interface CodingReferenceParts {
  engine: LookupEngine;
  tabular?: TabularList;
  mce?: MceDefinitions;
  mue?: MueTables;
  hcc?: HccMappings;
  /**
   * The HCPCS quarterly file's ADD DT / TERM DT per code (`hcpcsDatesFromStoredReleases`). The
   * search corpus does not carry them: its date filter picks the quarterly release in effect
   * and stops there, so a code terminated in 2023 is still "in" the 2025-10 release. Without
   * these dates a Level II code the file marks not billable is taken as terminated before the
   * release began, and modifiers cannot be checked for termination.
   */
  hcpcsDates?: HcpcsDates;
}

/**
 * Codes looked up per (system, code, date), kept between runs: the edits run on every change
 * the coder makes and ask about the same few dozen codes each time. Cleared when full.
 */
const CODE_CACHE_LIMIT = 20_000;
/** Tabular notes per code, kept between runs for the same reason. */
const NOTES_CACHE_LIMIT = 5_000;

/**
 * The `CodingReference` the edits consult, answered from the lookup engine's corpus (the
 * installed code lists, each with its dates), the newest installed Tabular List, and the MCE,
 * MUE and HCC data when installed. A code is looked up in the release of its code set in
 * effect on the date (`releaseInEffect`), never in another year's; when it is not there, the
 * answer names the installed releases it is valid in.
 */
export function codingReference(parts: CodingReferenceParts): CodingReference {
  const { engine, tabular, hcpcsDates } = parts;
  const releases = engine.corpus.releases;
  // Installed-at order stands in for the corpus order, as the engine's own filter does.
  const refs: (InstalledReleaseRef & { index: number })[] = releases.map((meta, index) => ({ id: String(index), meta, installedAt: String(index).padStart(4, '0'), index }));
  const cache = new Map<string, CodeOnDate>();

  const entryIn = (system: CodeSystem, code: string, release: ReleaseMeta) => {
    const found = engine.findCode(system, code, { date: release.effectiveFrom });
    return found && found.release === release ? found.entry : null;
  };

  const lookUp = (system: CodeSystem, code: string, date: string): CodeOnDate => {
    const chosen = releaseInEffect(refs, system, date);
    if (!chosen) return { status: 'no-release' };
    const release = chosen.meta;
    const found = engine.findCode(system, code, { date });
    if (found) {
      const { entry } = found;
      if (system === 'hcpcs') {
        const dates = hcpcsDates?.get(release.version)?.get(code);
        if (dates?.terminatedOn && dates.terminatedOn < date) return { status: 'not-in-effect', release, validIn: [], title: entry.title, terminatedOn: dates.terminatedOn };
        if (dates?.addedOn && dates.addedOn > date) return { status: 'not-in-effect', release, validIn: [], title: entry.title, addedOn: dates.addedOn };
        if (entry.kind === 'modifier') return { status: 'valid', title: entry.title, release, kind: 'modifier' };
        // The pack marks a Level II code billable when it was active on the release's first
        // day; one that is not was terminated before it (HCPCS has no headers).
        if (!entry.billable && !dates) return { status: 'not-in-effect', release, validIn: [], title: entry.title };
        return { status: 'valid', title: entry.title, release, kind: 'code' };
      }
      if (!entry.billable) return { status: 'header', title: entry.title, release };
      return { status: 'valid', title: entry.title, release };
    }
    const validIn: ReleaseMeta[] = [];
    let title = '';
    for (const other of refs) {
      if (other.meta.system !== system || other.meta.content !== 'codes' || other.meta === release) continue;
      const entry = entryIn(system, code, other.meta);
      if (entry && entry.billable) {
        validIn.push(other.meta);
        title ||= entry.title;
      }
    }
    validIn.sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0));
    return validIn.length ? { status: 'not-in-effect', release, validIn, title } : { status: 'unknown', release };
  };

  const reference: CodingReference = {
    codeOnDate(system, input, date) {
      const code = normalizeCodeInput(input);
      const key = `${system}|${code}|${date}`;
      let answer = cache.get(key);
      if (!answer) {
        answer = lookUp(system, code, date);
        if (cache.size >= CODE_CACHE_LIMIT) cache.clear();
        cache.set(key, answer);
      }
      return answer;
    },
  };
  if (tabular) reference.tabular = tabularFacts(tabular);
  if (parts.mce) reference.mce = parts.mce;
  if (parts.mue) reference.mue = parts.mue;
  if (parts.hcc) reference.hcc = parts.hcc;
  return reference;
}

/** Notes in effect and 7th characters from a parsed Tabular List, cached per code. */
export function tabularFacts(tabular: TabularList): TabularFacts {
  const notes = new Map<string, InheritedNote[]>();
  const seventh = new Map<string, SeventhCharacterSource | null>();
  return {
    version: tabular.meta.version,
    notes(input) {
      const code = normalizeCodeInput(input);
      let found = notes.get(code);
      if (!found) {
        found = notesInEffect(tabular, code);
        if (notes.size >= NOTES_CACHE_LIMIT) notes.clear();
        notes.set(code, found);
      }
      return found;
    },
    seventh(input) {
      const code = normalizeCodeInput(input);
      let found = seventh.get(code);
      if (found === undefined) {
        found = seventhCharactersFor(tabular, code);
        if (seventh.size >= NOTES_CACHE_LIMIT) seventh.clear();
        seventh.set(code, found);
      }
      return found;
    },
  };
}

/** The ADD DT / TERM DT of every HCPCS record of the installed HCPCS code lists, read from their stored rows. */
export function hcpcsDatesFromStoredReleases(releases: Iterable<StoredRelease>): HcpcsDates {
  const out: HcpcsDates = new Map();
  for (const r of releases) {
    if (r.meta.system !== 'hcpcs' || r.meta.content !== 'codes') continue;
    const byCode = new Map<string, HcpcsCodeDates>();
    for (const row of r.rows) {
      for (const c of readCodeBlock(row.json)) {
        if (!c.addedOn && !c.terminatedOn) continue;
        const dates: HcpcsCodeDates = {};
        if (c.addedOn) dates.addedOn = c.addedOn;
        if (c.terminatedOn) dates.terminatedOn = c.terminatedOn;
        byCode.set(c.code, dates);
      }
    }
    out.set(r.meta.version, byCode);
  }
  return out;
}
