import { afterAll, describe, expect, it } from 'vitest';
import { worklistQuery } from '../../core/fhir/worklist';
import { bundleOf, claimsOf, client, revisionOf, rowCounts, startServer, tempDataDir } from './billing-fixture';

/**
 * The database is the server's memory: closing and starting it again on the same data
 * directory loses nothing (claims, history, the answers stored for replays), and the demo
 * worklist is seeded once, on the first start, never again.
 */
const data = tempDataDir();
afterAll(() => data.remove());

describe('restart', () => {
  it('keeps every claim, version and stored answer, and seeds the worklist only once', async () => {
    const first = await startServer(data.dir);
    const c1 = client(first);
    const seededAt = first.store.getMeta('seeded_at');
    expect(first.store.count('Task')).toBe(37);
    const pushed = await c1.push(bundleOf(revisionOf('enc-0015')), 'restart-enc-0015');
    expect(pushed.status).toBe(200);
    expect((await c1.push(bundleOf(revisionOf('enc-0016', 1)), 'restart-enc-0016-r1')).status).toBe(200);
    expect((await c1.push(bundleOf(revisionOf('enc-0016', 2)), 'restart-enc-0016-r2')).status).toBe(200);
    const pull = await c1.get(worklistQuery('demo.coder'));
    const before = rowCounts(first);
    await first.close();

    const second = await startServer(data.dir);
    try {
      const c2 = client(second);
      // Seeded once: the same 37 Tasks, nothing added by the second start.
      expect(second.store.getMeta('seeded_at')).toBe(seededAt);
      expect(rowCounts(second)).toEqual(before);
      expect((await c2.get(worklistQuery('demo.coder'))).body.total).toBe(35);
      // Claims and their history.
      expect(claimsOf(second, 'enc-0015')).toEqual([expect.objectContaining({ status: 'active', identifier: 'enc-0015/r1/claim' })]);
      expect(claimsOf(second, 'enc-0016').map((x) => [x.identifier, x.status]).sort()).toEqual([
        ['enc-0016/r1/claim', 'cancelled'],
        ['enc-0016/r2/claim', 'active'],
      ]);
      // A retry after the restart still gets the original answer, and stores nothing.
      const retry = await c2.push(bundleOf(revisionOf('enc-0015')), 'restart-enc-0015');
      expect(retry.headers.get('idempotency-replayed')).toBe('true');
      expect(retry.text).toBe(pushed.text);
      expect(rowCounts(second)).toEqual(before);
      // Instants keep increasing across the restart: the last pull's delta is empty, not everything again.
      expect((await c2.get(worklistQuery('demo.coder', pull.body.meta!.lastUpdated))).body.total).toBe(0);
    } finally {
      await second.close();
    }
  });
});
