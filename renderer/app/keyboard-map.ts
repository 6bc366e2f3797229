/**
 * Every action's key, in one place: the ? overlay shows this list, and the end-to-end tests
 * drive the app with these keys alone.
 */
export interface KeyBinding {
  keys: string;
  action: string;
}

export const KEYBOARD_MAP: { area: string; bindings: KeyBinding[] }[] = [
  {
    area: 'Anywhere',
    bindings: [
      { keys: 'Alt+1', action: 'Worklist' },
      { keys: 'Alt+2', action: 'Open encounter' },
      { keys: 'Alt+3', action: 'Lookup' },
      { keys: 'Alt+4', action: 'Code sets' },
      { keys: 'Ctrl+J', action: 'Next encounter to code' },
      { keys: 'Ctrl+K', action: 'Search codes' },
      { keys: 'Ctrl+I', action: 'Import code-set release files' },
      { keys: '?', action: 'This keyboard map (Esc closes)' },
    ],
  },
  {
    area: 'Worklist',
    bindings: [
      { keys: '↑ ↓ Home End', action: 'Move through encounters' },
      { keys: 'Enter', action: 'Open the encounter' },
      { keys: 'N', action: 'Open the next encounter to code' },
      { keys: '/', action: 'Find by patient, MRN, visit or provider; Enter opens the first match' },
    ],
  },
  {
    area: 'Encounter: documentation',
    bindings: [
      { keys: 'Alt+[  Alt+]', action: 'Previous / next note' },
      { keys: 'Alt+F', action: 'Find in note; Enter selects the match as evidence (Shift+Enter: previous)' },
      { keys: 'Alt+L', action: 'Look up the selected text' },
      { keys: 'Alt+A', action: 'Add a document from this computer (text or PDF)' },
      { keys: 'Alt+V', action: 'Show a PDF as laid out, or as text for find and evidence' },
      { keys: 'Tab to the divider, ← →', action: 'Resize the two panes' },
    ],
  },
  {
    area: 'Encounter: coding',
    bindings: [
      { keys: '↑ ↓ PageUp PageDown', action: 'Move through results (the detail follows)' },
      { keys: 'Enter', action: 'Assign the code (linking the selected text as evidence); a modifier goes on the last line' },
      { keys: 'A-Z in the 7th-character list', action: 'Pick the 7th character' },
      { keys: 'Esc', action: 'Clear the search' },
      { keys: 'Alt+D', action: 'Diagnoses: ↑ ↓ move, Alt+↑ Alt+↓ reorder, Delete remove, P present-on-admission, E link selected text' },
      { keys: 'Alt+P', action: 'Procedure lines: Tab through modifiers, units, date, pointers (letters A-L); Ctrl+Delete removes the line' },
      { keys: 'Alt+E', action: 'Edits: Tab to a warning, Enter acknowledges it' },
    ],
  },
  {
    area: 'Encounter: finishing',
    bindings: [
      { keys: 'Ctrl+Enter', action: 'Finish: run the edits, acknowledge warnings, freeze the revision, open the next' },
      { keys: 'Alt+H', action: 'Hold with a reason and provider query / release the hold' },
      { keys: 'Alt+O', action: 'Reopen a finished encounter as a new revision' },
      { keys: 'Ctrl+Enter / Esc in a dialog', action: 'Confirm / cancel' },
    ],
  },
];
