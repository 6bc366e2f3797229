import { useEffect, useState } from 'react';
import { CodeSetsScreen } from '../codesets/CodeSetsScreen';
import { LoadProgressPanel } from '../codesets/LoadProgressPanel';
import { codesetsWorker } from '../codesets/codesets-worker-client';
import { desktop } from '../platform';
import { useCodesets } from '../hooks/useCodesets';
import { LookupScreen } from '../search/LookupScreen';
import { searchWorker } from '../search/search-worker-client';

type Screen = 'lookup' | 'codesets';

/** Where the shipped packs are: beside the app (app://…/codesets/ or the browser-mode server). */
const PACKS_URL = new URL('codesets/', document.baseURI).href;

export function App() {
  const [screen, setScreen] = useState<Screen>('lookup');
  const { load, loadError } = useCodesets();
  const ready = load?.phase === 'ready';

  useEffect(() => {
    codesetsWorker().loadShipped(PACKS_URL);
  }, []);

  // The lookup index is built once the code sets are in, and again after each import.
  const imported = useCodesets().lastImport;
  useEffect(() => {
    if (ready) searchWorker().rebuild();
  }, [ready, imported]);

  useEffect(
    () =>
      // The application menu's commands (and the same shortcuts in browser mode).
      desktop.onMenuCommand((command) => {
        if (command === 'focus-search' || command === 'show-lookup') {
          setScreen('lookup');
          // After the lookup screen is shown, put the cursor in its search box.
          setTimeout(() => document.querySelector<HTMLInputElement>('input[aria-label="Search codes"]')?.focus(), 0);
        } else if (command === 'show-code-sets') setScreen('codesets');
        else if (command === 'import-code-sets') {
          setScreen('codesets');
          // Called within the key or menu event: a browser opens a file picker only then.
          void desktop.pickReleaseFiles().then((files) => files.length && codesetsWorker().importFiles(files));
        }
      }),
    [],
  );

  useEffect(() => {
    // Alt+1 / Alt+2 switch screens without the mouse.
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey) return;
      if (e.key === '1') setScreen('lookup');
      else if (e.key === '2') setScreen('codesets');
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="app" data-codesets={ready ? 'ready' : 'loading'}>
      <header className="topbar">
        <span className="brand">Coder Workstation</span>
        <nav aria-label="Screens">
          <button type="button" className={screen === 'lookup' ? 'tab current' : 'tab'} onClick={() => setScreen('lookup')} aria-current={screen === 'lookup'}>
            Lookup <kbd>Alt+1</kbd>
          </button>
          <button type="button" className={screen === 'codesets' ? 'tab current' : 'tab'} onClick={() => setScreen('codesets')} aria-current={screen === 'codesets'}>
            Code sets <kbd>Alt+2</kbd>
          </button>
        </nav>
        <span className="status" role="status" aria-label="Code set status">
          {ready ? 'Code sets ready · offline' : loadError ? 'Code sets unavailable' : 'Loading code sets…'}
        </span>
      </header>
      {!ready ? <LoadProgressPanel progress={load} error={loadError} /> : null}
      <main>{screen === 'lookup' ? <LookupScreen codesetsReady={ready} /> : <CodeSetsScreen />}</main>
    </div>
  );
}
