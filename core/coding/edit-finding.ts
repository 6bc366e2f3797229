/**
 * One problem an edit found. Errors block finishing; a warning needs the coder's
 * acknowledgement, which is recorded with the revision.
 */
export type EditSeverity = 'error' | 'warning';

/** What a finding is about: the encounter, one diagnosis or one procedure line (by id). */
export type FindingSubject = { kind: 'encounter' } | { kind: 'diagnosis'; id: string } | { kind: 'procedure'; id: string };

export interface EditFinding {
  /** The edit's stable id, e.g. `header-code`, `excludes1`, `mue-units`. */
  editId: string;
  severity: EditSeverity;
  /** What is wrong, in a coder's words, naming the codes involved. */
  message: string;
  /** The rule's source: a guideline section, or a data file and its release. */
  source: string;
  subject: FindingSubject;
  /**
   * Identifies this finding across re-runs (edit, subject and the codes involved), so an
   * acknowledgement stays attached to the same warning and lapses when the coding changes.
   */
  key: string;
}
