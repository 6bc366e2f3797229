import { Notification } from 'electron';
import type { SyncNotice } from '../../renderer/platform/desktop-api';

/*
 * Desktop notifications about the outbox, shown by main because Electron's Notification
 * works without asking the page for permission (which navigation-guard denies to every page).
 * The wording matches browser mode's renderer/platform/sync-notice-text.ts; a test keeps the
 * two identical, since main may not import renderer code.
 */

/** Title and body of a sync notification. */
export function syncNoticeText(notice: SyncNotice): { title: string; body: string } {
  if (notice.kind === 'finished') {
    const encounters = notice.count === 1 ? '1 encounter' : `${notice.count} encounters`;
    return { title: 'Sync finished', body: `${encounters} sent to the billing server.` };
  }
  return { title: 'Encounter rejected by the billing server', body: `${notice.encounter}: ${notice.reason}` };
}

/**
 * Show a sync notice if this system can (no notification daemon on a bare Linux desktop, for
 * one). Returns whether it was shown; not being able to is normal, not an error.
 */
export function showSyncNotice(notice: SyncNotice): boolean {
  if (!Notification.isSupported()) return false;
  new Notification(syncNoticeText(notice)).show();
  return true;
}

/** Tell the coder a sync sent `count` encounters to the billing server. */
export function notifySyncFinished(count: number): boolean {
  return showSyncNotice({ kind: 'finished', count });
}

/**
 * Tell the coder the billing server rejected an encounter. `encounterLabel` appears on screen
 * and in the OS notification history: pass the encounter's reference, never a patient name.
 */
export function notifySyncRejected(encounterLabel: string, reason: string): boolean {
  return showSyncNotice({ kind: 'rejected', encounter: encounterLabel, reason });
}
