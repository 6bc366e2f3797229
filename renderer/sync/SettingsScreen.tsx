import { useEffect, useState } from 'react';
import { desktop } from '../platform';
import { loadBillingServer, normalizeServerUrl, resetBillingServer, saveBillingServer, type BillingServerSettings } from './server-settings';

/**
 * Settings: the billing server and the coder's sign-in. The token is handed to the platform's
 * credential store at once and never shown again; the screen says where it was kept.
 */
export function SettingsScreen({ onChanged }: { onChanged: () => void }) {
  const [current, setCurrent] = useState<BillingServerSettings | null | undefined>(undefined);
  const [url, setUrl] = useState('');
  const [coder, setCoder] = useState('');
  const [token, setToken] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    void loadBillingServer().then((s) => {
      setCurrent(s);
      setUrl(s?.url ?? '');
      setCoder(s?.coder ?? '');
    });
  }, []);

  const save = async () => {
    try {
      const normalized = normalizeServerUrl(url);
      if (!coder.trim()) throw new Error('enter your coder id (the billing server assigns your worklist to it)');
      saveBillingServer({ url: normalized, coder: coder.trim() });
      let text = `Billing server set to ${normalized}.`;
      if (token.trim()) {
        const stored = await desktop.storeCredential(token.trim());
        text += stored.stored ? ' Your sign-in is kept in the system’s secret store.' : ` ${stored.message}`;
        setToken('');
      }
      setMessage({ ok: true, text });
      onChanged();
    } catch (error) {
      setMessage({ ok: false, text: `Not saved: ${(error as Error).message}` });
    }
  };

  return (
    <section className="screen settings" aria-label="Settings">
      <h1>Settings</h1>
      <p className="sub">
        {current === undefined
          ? 'Reading…'
          : current
            ? `Syncing with ${current.url} as ${current.coder}${current.source === 'start-script' ? ' (set by the start script: the reference server on this computer)' : ''}.`
            : 'Demo mode: no billing server is set, and the worklist is the shipped sample encounters.'}
      </p>
      <div className="settings-form">
        <label>
          <span className="label">Billing server URL</span>
          <input value={url} onChange={(e) => setUrl(e.target.value)} aria-label="Billing server URL" placeholder="https://billing.example-clinic.org/fhir" />
        </label>
        <label>
          <span className="label">Coder id</span>
          <input value={coder} onChange={(e) => setCoder(e.target.value)} aria-label="Coder id" placeholder="demo.coder" />
        </label>
        <label>
          <span className="label">Sign-in token (kept in the system’s secret store, never shown again)</span>
          <input type="password" value={token} onChange={(e) => setToken(e.target.value)} aria-label="Sign-in token" autoComplete="off" />
        </label>
        <div className="dialog-actions">
          <button
            type="button"
            onClick={() => {
              void desktop.clearCredential().then(() => setMessage({ ok: true, text: 'Signed out: the token is forgotten.' }));
            }}
          >
            Sign out
          </button>
          <button
            type="button"
            onClick={() => {
              saveBillingServer(null);
              setMessage({ ok: true, text: 'Demo mode: no billing server.' });
              onChanged();
            }}
          >
            Use no server (demo)
          </button>
          <button
            type="button"
            onClick={() => {
              resetBillingServer();
              setMessage({ ok: true, text: 'Back to what the start script configured.' });
              onChanged();
            }}
          >
            Reset
          </button>
          <button type="button" className="primary" onClick={() => void save()}>
            Save and sign in
          </button>
        </div>
      </div>
      {message ? (
        <div className={message.ok ? 'notice ok' : 'notice error'} role="status">
          {message.text}
        </div>
      ) : null}
    </section>
  );
}
