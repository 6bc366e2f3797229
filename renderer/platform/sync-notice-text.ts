import type { SyncNotice } from './desktop-api';

/**
 * The words of a sync notification in browser mode. Under Electron main words it
 * (electron/main/notifications.ts, which cannot import renderer code);
 * test/electron/desktop-api-parity.test.ts keeps the two identical.
 */
export function syncNoticeText(notice: SyncNotice): { title: string; body: string } {
  if (notice.kind === 'finished') {
    const encounters = notice.count === 1 ? '1 encounter' : `${notice.count} encounters`;
    return { title: 'Sync finished', body: `${encounters} sent to the billing server.` };
  }
  return { title: 'Encounter rejected by the billing server', body: `${notice.encounter}: ${notice.reason}` };
}
