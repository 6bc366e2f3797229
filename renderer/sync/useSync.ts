import { useEffect, useState } from 'react';
import type { SyncStatus } from '../../core/sync/sync-runner';
import { activeSync, type PullState } from './sync-service';

/** The sync loop's status for the UI (null in demo mode), following every change. */
export function useSyncStatus(generation: number): { status: SyncStatus | null; pull: PullState | null } {
  const [status, setStatus] = useState<SyncStatus | null>(() => activeSync()?.runner.status() ?? null);
  const [pull, setPull] = useState<PullState | null>(() => activeSync()?.pullStatus() ?? null);
  useEffect(() => {
    const sync = activeSync();
    setStatus(sync?.runner.status() ?? null);
    setPull(sync?.pullStatus() ?? null);
    if (!sync) return;
    const a = sync.runner.subscribe(setStatus);
    const b = sync.onPull(setPull);
    return () => {
      a();
      b();
    };
  }, [generation]);
  return { status, pull };
}

/** The topbar's words for the sync state. */
export function syncLabel(status: SyncStatus): { text: string; tone: 'ok' | 'offline' | 'attention' } {
  const waiting = status.pending ? `${status.pending} waiting to send` : 'all sent';
  const attention = status.needsAttention ? ` · ${status.needsAttention} need attention` : '';
  if (status.signInRequired) return { text: `Sign in to send (${waiting})${attention}`, tone: 'attention' };
  if (status.connection === 'offline') return { text: `Offline · ${waiting}${attention}`, tone: 'offline' };
  if (status.phase === 'draining') return { text: `Sending… ${waiting}${attention}`, tone: 'ok' };
  if (status.phase === 'waiting' && status.lastError) return { text: `Retrying · ${waiting} · ${status.lastError}${attention}`, tone: 'offline' };
  return { text: `${status.connection === 'online' ? 'Online' : 'Connecting'} · ${waiting}${attention}`, tone: status.needsAttention ? 'attention' : 'ok' };
}
