import type { PickedFile } from '../platform/desktop-api';
import type { LoadProgress } from '../codesets/load-shipped-packs';
import type { ImportProgress, ImportResult } from '../codesets/import-release-files';

/** Messages to the code-set worker. */
export type CodesetsRequest =
  | { type: 'load-shipped'; packsBaseUrl: string }
  | { type: 'import'; files: PickedFile[] };

/** Messages from the code-set worker. */
export type CodesetsEvent =
  | { type: 'load-progress'; progress: LoadProgress }
  | { type: 'load-failed'; message: string }
  | { type: 'import-progress'; progress: ImportProgress }
  | { type: 'import-done'; result: ImportResult }
  | { type: 'import-failed'; message: string };
