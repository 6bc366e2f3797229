// csv-parse's browser build (it runs in workers and browsers; the plain 'csv-parse/sync' needs
// Node's Buffer), re-exported so that core/ sees only the typings in csv-parse-sync.d.ts: the
// package's own typings pull in @types/node, which would let Node globals typecheck in core/.
export { parse } from 'csv-parse/browser/esm/sync';
