import { beforeEach, describe, expect, it } from 'vitest';
import { loadBillingServer, normalizeServerUrl, resetBillingServer, saveBillingServer } from '../../renderer/sync/server-settings';

/** Which billing server the workstation uses: the coder's Settings, else the start script's config, else demo mode. */
const store = new Map<string, string>();
globalThis.localStorage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v), removeItem: (k: string) => void store.delete(k) } as Storage;

describe('billing server settings', () => {
  beforeEach(() => store.clear());

  it('the coder’s choice wins over the start script; "none" is demo mode; reset goes back', async () => {
    const config = async () => ({ billingServer: { url: 'http://127.0.0.1:8787', coder: 'demo.coder', demoToken: 'demo-token' } });
    expect(await loadBillingServer(config)).toEqual({ url: 'http://127.0.0.1:8787', coder: 'demo.coder', demoToken: 'demo-token', source: 'start-script' });
    saveBillingServer({ url: 'https://billing.example.org/fhir/', coder: 'jane.coder' });
    expect(await loadBillingServer(config)).toEqual({ url: 'https://billing.example.org/fhir', coder: 'jane.coder', source: 'settings' });
    saveBillingServer(null);
    expect(await loadBillingServer(config)).toBeNull();
    resetBillingServer();
    expect((await loadBillingServer(config))?.source).toBe('start-script');
    expect(await loadBillingServer(async () => null)).toBeNull();
  });

  it('claims travel encrypted: plain http only to this computer', () => {
    expect(normalizeServerUrl('http://localhost:8787/')).toBe('http://localhost:8787');
    expect(() => normalizeServerUrl('http://billing.example.org')).toThrow('use https:// for a billing server on another computer');
    expect(() => normalizeServerUrl('ftp://billing.example.org')).toThrow('must start with https://');
    expect(() => normalizeServerUrl('billing')).toThrow();
  });
});
