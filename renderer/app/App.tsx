import { useCallback, useEffect, useState } from 'react';
import { nextEncounter } from '../../core/coding/worklist';
import { CodeSetsScreen } from '../codesets/CodeSetsScreen';
import { LoadProgressPanel } from '../codesets/LoadProgressPanel';
import { codesetsWorker } from '../codesets/codesets-worker-client';
import { workstationDb } from '../db/database';
import { currentCoder as coderNow, setCurrentCoder } from '../encounters/coder';
import { loadSampleWorklist } from '../encounters/encounter-store';
import { SettingsScreen } from '../sync/SettingsScreen';
import { loadBillingServer } from '../sync/server-settings';
import { activeSync, configureSync } from '../sync/sync-service';
import { syncLabel, useSyncStatus } from '../sync/useSync';
import { desktop } from '../platform';
import { useCodesets } from '../hooks/useCodesets';
import { LookupScreen } from '../search/LookupScreen';
import { searchWorker } from '../search/search-worker-client';
import { WorklistScreen } from '../worklist/WorklistScreen';
import { EncounterScreen } from '../workspace/EncounterScreen';
import { emitCommand } from './commands';
import { KeyboardMapOverlay } from './KeyboardMapOverlay';

type Screen = 'worklist' | 'encounter' | 'lookup' | 'codesets' | 'settings';

const SCREENS: { id: Screen; label: string; key: string }[] = [
  { id: 'worklist', label: 'Worklist', key: '1' },
  { id: 'encounter', label: 'Encounter', key: '2' },
  { id: 'lookup', label: 'Lookup', key: '3' },
  { id: 'codesets', label: 'Code sets', key: '4' },
  { id: 'settings', label: 'Settings', key: '5' },
];

/** Where the shipped packs are: beside the app (app://…/codesets/ or the browser-mode server). */
const PACKS_URL = new URL('codesets/', document.baseURI).href;

const OPEN_KEY = 'coder-workstation.open-encounter';

/** Typing a ? in a field is text, not a request for the keyboard map. */
function isTextField(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement || (target instanceof HTMLElement && target.isContentEditable);
}

export function App() {
  // The open encounter survives a reload or a crash: the coder comes back to where they were.
  const [openId, setOpenIdState] = useState<string | null>(() => localStorage.getItem(OPEN_KEY));
  const [screen, setScreen] = useState<Screen>(() => (localStorage.getItem(OPEN_KEY) ? 'encounter' : 'worklist'));
  const setOpenId = useCallback((id: string | null) => {
    if (id) localStorage.setItem(OPEN_KEY, id);
    else localStorage.removeItem(OPEN_KEY);
    setOpenIdState(id);
  }, []);
  const [showKeys, setShowKeys] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const { load, loadError } = useCodesets();
  const ready = load?.phase === 'ready';

  useEffect(() => {
    codesetsWorker().loadShipped(PACKS_URL);
  }, []);

  // With a billing server set, the worklist comes from it and finished encounters go to it;
  // without one (demo mode), the worklist starts with the shipped samples.
  const [syncGeneration, setSyncGeneration] = useState(0);
  const [mode, setMode] = useState<'demo' | 'server' | null>(null);
  const applySettings = useCallback(async () => {
    const settings = await loadBillingServer();
    setCurrentCoder(settings?.coder ?? null);
    await configureSync(settings);
    setMode(settings ? 'server' : 'demo');
    setSyncGeneration((g) => g + 1);
    // Only an empty worklist takes the samples: skip fetching and checking them otherwise.
    if (!settings && (await workstationDb().encounters.count()) === 0) {
      await import('../../resources/sample-encounters/encounters.json')
        .then((m) => loadSampleWorklist(workstationDb(), m.default, coderNow()))
        .catch((error: Error) => setNotice(`The sample worklist could not be loaded: ${error.message}`));
    }
  }, []);
  useEffect(() => {
    void applySettings();
  }, [applySettings]);
  const sync = useSyncStatus(syncGeneration);

  // The lookup index is built once the code sets are in, and again after each import.
  const imported = useCodesets().lastImport;
  useEffect(() => {
    if (ready) searchWorker().rebuild();
  }, [ready, imported]);

  const open = useCallback(
    (id: string) => {
      setOpenId(id);
      setScreen('encounter');
    },
    [setOpenId],
  );

  /** Open the next encounter to code; after a Finish, say how long the hand-over took. */
  const openNext = useCallback(async (finished?: { patient: string; revision: number; pressedAt: number }) => {
    const next = nextEncounter(await workstationDb().encounters.toArray(), finished ? null : openId);
    if (!next) {
      setOpenId(null);
      setScreen('worklist');
      setNotice(finished ? `Finished ${finished.patient} (revision ${finished.revision}). The worklist is done.` : 'Nothing left to code on the worklist.');
      return;
    }
    setOpenId(next.id);
    setScreen('encounter');
    if (finished) {
      // Measured when the next encounter has rendered: the coder can type into its lookup.
      requestAnimationFrame(() =>
        setTimeout(() => {
          const ms = Math.round(performance.now() - finished.pressedAt);
          document.body.dataset.finishToNextMs = String(ms);
          setNotice(`Finished ${finished.patient} (revision ${finished.revision}) · next encounter ready in ${ms} ms`);
        }, 0),
      );
    } else setNotice(null);
  }, [openId, setOpenId]);

  useEffect(
    () =>
      // The application menu's commands (and the same shortcuts in browser mode).
      desktop.onMenuCommand((command) => {
        if (command === 'focus-search' && screen !== 'encounter') {
          setScreen('lookup');
          setTimeout(() => document.querySelector<HTMLInputElement>('input[aria-label="Search codes"]')?.focus(), 0);
        } else if (command === 'show-lookup') setScreen('lookup');
        else if (command === 'show-code-sets') setScreen('codesets');
        else if (command === 'next-encounter') void openNext();
        else if (command === 'sync-now') activeSync()?.syncNow();
        else if (command === 'import-code-sets') {
          setScreen('codesets');
          // Called within the key or menu event: a browser opens a file picker only then.
          void desktop.pickReleaseFiles().then((files) => files.length && codesetsWorker().importFiles(files));
        }
        emitCommand(command);
      }),
    [screen, openNext],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '?' && !e.ctrlKey && !e.metaKey && !e.altKey && !isTextField(e.target)) {
        setShowKeys((s) => !s);
        e.preventDefault();
        return;
      }
      // Alt+1..4 switch screens without the mouse.
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const target = SCREENS.find((s) => s.key === e.key);
      if (!target) return;
      e.preventDefault();
      if (target.id === 'encounter' && !openId) void openNext();
      else setScreen(target.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openId, openNext]);

  return (
    <div className="app" data-codesets={ready ? 'ready' : 'loading'}>
      <header className="topbar">
        <span className="brand">Coder Workstation</span>
        <nav aria-label="Screens">
          {SCREENS.map((s) => (
            <button key={s.id} type="button" className={screen === s.id ? 'tab current' : 'tab'} onClick={() => (s.id === 'encounter' && !openId ? void openNext() : setScreen(s.id))} aria-current={screen === s.id}>
              {s.label} <kbd>Alt+{s.key}</kbd>
            </button>
          ))}
        </nav>
        <span className="status" role="status" aria-label="Code set status">
          {ready ? 'Code sets ready' : loadError ? 'Code sets unavailable' : 'Loading code sets…'}
        </span>
        {mode === 'demo' ? <span className="sync-state">Demo worklist · no billing server</span> : null}
        {mode === 'server' && sync.status ? (
          <>
            <span className={`sync-state ${syncLabel(sync.status).tone}`} role="status" aria-label="Sync status">
              {syncLabel(sync.status).text}
            </span>
            <button type="button" className="sync-button" onClick={() => activeSync()?.syncNow()} title="Ctrl+Shift+S">
              Sync now
            </button>
          </>
        ) : null}
        <button type="button" className="keys-button" onClick={() => setShowKeys(true)} aria-label="Keyboard map">
          ?
        </button>
      </header>
      {!ready ? <LoadProgressPanel progress={load} error={loadError} /> : null}
      {notice ? (
        <div className="app-notice" role="status" aria-label="Notice">
          {notice}
        </div>
      ) : null}
      <main>
        {screen === 'worklist' ? <WorklistScreen onOpen={open} onNext={() => void openNext()} /> : null}
        {screen === 'encounter' && openId ? <EncounterScreen key={openId} encounterId={openId} codesetsReady={ready} onNext={(f) => void openNext(f)} /> : null}
        {screen === 'encounter' && !openId ? <section className="screen">No encounter is open: pick one on the worklist (Alt+1).</section> : null}
        {screen === 'lookup' ? <LookupScreen codesetsReady={ready} /> : null}
        {screen === 'codesets' ? <CodeSetsScreen /> : null}
        {screen === 'settings' ? <SettingsScreen onChanged={() => void applySettings()} /> : null}
      </main>
      {showKeys ? <KeyboardMapOverlay onClose={() => setShowKeys(false)} /> : null}
    </div>
  );
}
