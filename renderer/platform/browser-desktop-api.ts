import type { DesktopApi, PickedFile } from './desktop-api';

/** Accepted release file types, as the Code sets import dialog offers them. */
export const RELEASE_FILE_ACCEPT = '.zip,.txt,.xml,.xlsx,.tsv';

/** The browser implementation of the platform port (browser mode and end-to-end tests). */
export const browserDesktopApi: DesktopApi = {
  platform: 'browser',
  pickReleaseFiles: () => pickFiles(RELEASE_FILE_ACCEPT),
  appVersion: async () => import.meta.env.VITE_APP_VERSION ?? 'dev',
};

function pickFiles(accept: string): Promise<PickedFile[]> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.accept = accept;
    input.addEventListener('cancel', () => resolve([]));
    input.addEventListener('change', () => {
      const files = [...(input.files ?? [])];
      Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) }))).then(resolve, reject);
    });
    input.click();
  });
}
