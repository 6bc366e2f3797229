import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  /** Electron's Notification: records what was shown; `supported` stands for the OS. */
  class FakeNotification {
    static supported = true;
    static shown: { title?: string; body?: string }[] = [];
    static isSupported() {
      return FakeNotification.supported;
    }
    constructor(readonly options: { title?: string; body?: string }) {}
    show() {
      FakeNotification.shown.push(this.options);
    }
  }
  return { Notification: FakeNotification };
});
vi.mock('electron', () => electron);

const { notifySyncFinished, notifySyncRejected, showSyncNotice } = await import('../../electron/main/notifications');

beforeEach(() => {
  electron.Notification.supported = true;
  electron.Notification.shown = [];
});

describe('sync notifications', () => {
  it('tells the coder how many encounters a sync sent', () => {
    expect(notifySyncFinished(12)).toBe(true);
    expect(notifySyncFinished(1)).toBe(true);
    expect(electron.Notification.shown).toEqual([
      { title: 'Sync finished', body: '12 encounters sent to the billing server.' },
      { title: 'Sync finished', body: '1 encounter sent to the billing server.' },
    ]);
  });

  it('names the rejected encounter and the server’s reason', () => {
    expect(notifySyncRejected('Encounter 1042', 'Diagnosis code R69 is not valid for the date of service')).toBe(true);
    expect(electron.Notification.shown).toEqual([
      {
        title: 'Encounter rejected by the billing server',
        body: 'Encounter 1042: Diagnosis code R69 is not valid for the date of service',
      },
    ]);
  });

  it('shows nothing, without failing, where the system has no notifications', () => {
    electron.Notification.supported = false;
    expect(showSyncNotice({ kind: 'finished', count: 3 })).toBe(false);
    expect(notifySyncRejected('Encounter 7', 'Missing modifier')).toBe(false);
    expect(electron.Notification.shown).toEqual([]);
  });
});
