/**
 * Which billing server the workstation syncs with, and as which coder. The coder's own choice
 * (Settings) wins; otherwise the start script's `workstation-config.json` (npm start runs the
 * reference server on loopback and writes it); with neither, the app runs in demo mode on the
 * shipped sample worklist. The token itself is never kept here: it goes through the platform's
 * credential store (the OS secret store under Electron).
 */
export interface BillingServerSettings {
  url: string;
  coder: string;
  /** A demo token the start script hands to its own loopback server (never for a real server). */
  demoToken?: string;
  source: 'settings' | 'start-script';
}

const KEY = 'coder-workstation.billing-server';

export async function loadBillingServer(fetchConfig: () => Promise<unknown> = defaultFetchConfig): Promise<BillingServerSettings | null> {
  const saved = localStorage.getItem(KEY);
  if (saved === 'none') return null;
  if (saved) {
    try {
      const s = JSON.parse(saved) as { url?: unknown; coder?: unknown };
      if (typeof s.url === 'string' && typeof s.coder === 'string') return { url: s.url, coder: s.coder, source: 'settings' };
    } catch {
      // A damaged entry is ignored, not fatal: the coder sets the server again.
    }
  }
  const config = (await fetchConfig().catch(() => null)) as { billingServer?: { url?: unknown; coder?: unknown; demoToken?: unknown } } | null;
  const b = config?.billingServer;
  if (b && typeof b.url === 'string' && typeof b.coder === 'string') {
    return { url: b.url, coder: b.coder, source: 'start-script', ...(typeof b.demoToken === 'string' ? { demoToken: b.demoToken } : {}) };
  }
  return null;
}

/** Save the coder's choice; null means "no server: demo mode". */
export function saveBillingServer(settings: { url: string; coder: string } | null): void {
  localStorage.setItem(KEY, settings ? JSON.stringify({ url: normalizeServerUrl(settings.url), coder: settings.coder }) : 'none');
}

/** Forget the coder's choice and go back to what the start script says. */
export function resetBillingServer(): void {
  localStorage.removeItem(KEY);
}

/** A base URL without a trailing slash; throws with the reason when it is not an http(s) URL. */
export function normalizeServerUrl(text: string): string {
  const url = new URL(text.trim());
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`the billing server URL must start with https:// (got ${url.protocol})`);
  // Claims are PHI: plain HTTP only to this computer (the reference server), as the CSP allows.
  if (url.protocol === 'http:' && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) throw new Error(`use https:// for a billing server on another computer (${url.host}): claims must not travel unencrypted`);
  return url.href.replace(/\/+$/, '');
}

async function defaultFetchConfig(): Promise<unknown> {
  const response = await fetch(new URL('workstation-config.json', document.baseURI), { cache: 'no-store' });
  return response.ok ? response.json() : null;
}
