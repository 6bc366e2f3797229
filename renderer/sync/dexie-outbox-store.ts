import type { Encounter } from '../../core/coding/encounter';
import type { OutboxEntry } from '../../core/sync/outbox';
import type { OutboxStore } from '../../core/sync/ports';
import type { WorkstationDatabase } from '../db/database';

/**
 * The outbox in IndexedDB. An entry's change and what it means for its encounter (synced, or
 * rejected with the server's reason) are written in one transaction, with an audit line, so
 * the worklist never shows a state the outbox does not hold.
 */
export class DexieOutboxStore implements OutboxStore {
  constructor(
    private readonly db: WorkstationDatabase,
    private readonly by: string,
  ) {}

  /** Not sent, and not replaced by a later revision the coder finished to fix it. */
  async listOpen(): Promise<OutboxEntry[]> {
    // Through the state index: sent entries accumulate for the audit and are never read here.
    const open = await this.db.outbox.where('state').notEqual('sent').toArray();
    return open.filter((e) => e.supersededBy === undefined).sort((a, b) => a.seq - b.seq);
  }

  get(id: string): Promise<OutboxEntry | undefined> {
    return this.db.outbox.get(id);
  }

  async update(entry: OutboxEntry): Promise<void> {
    const db = this.db;
    await db.transaction('rw', db.outbox, db.encounters, db.audit, async () => {
      const before = await db.outbox.get(entry.id);
      await db.outbox.put(entry);
      if (before?.state === entry.state) return;
      const encounter = await db.encounters.get(entry.encounterId);
      // Only the revision the encounter is at speaks for it: a later revision is being coded.
      if (!encounter || encounter.revision !== entry.revision) return;
      const at = new Date().toISOString();
      let next: Encounter | null = null;
      if (entry.state === 'sent' && encounter.status === 'finished') {
        next = { ...encounter, status: 'synced', updatedAt: at };
        delete next.syncReason;
        await db.audit.add({ encounterId: encounter.id, at, by: this.by, action: 'sent', detail: `revision ${entry.revision} accepted by the billing server${entry.response?.replayed ? ' (already there: replay)' : ''}` });
      } else if ((entry.state === 'rejected' || entry.state === 'conflict') && (encounter.status === 'finished' || encounter.status === 'synced')) {
        next = { ...encounter, status: 'rejected', syncReason: entry.serverReason ?? entry.lastError ?? 'no reason given', updatedAt: at };
        await db.audit.add({ encounterId: encounter.id, at, by: this.by, action: entry.state, detail: `revision ${entry.revision}: ${next.syncReason}` });
      }
      if (next) await db.encounters.put(next);
    });
  }
}
