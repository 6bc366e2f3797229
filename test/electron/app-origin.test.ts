import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isAppOrigin } from '../../electron/main/app-origin';

describe('isAppOrigin', () => {
  it.each(['app://workstation/index.html', 'app://workstation/', 'app://workstation/codesets/manifest.json'])(
    'accepts our own page %s',
    (url) => expect(isAppOrigin(url)).toBe(true),
  );

  it.each([
    'https://evil.example/',
    'http://127.0.0.1:5173/index.html',
    'file:///index.html',
    'file:///C:/Users/coder/index.html',
    'app://other/index.html',
    'app://workstation.evil.example/index.html',
    'app://evil.example/?app://workstation/',
    'app://coder@workstation/index.html',
    'app://workstation:8080/index.html',
    'about:blank',
    'devtools://devtools/bundled/inspector.html',
    'not a url',
    '',
    null,
    undefined,
  ])('refuses %s', (url) => expect(isAppOrigin(url)).toBe(false));

  it('the window starts on a page of its own origin', () => expect(isAppOrigin(APP_ENTRY_URL)).toBe(true));
});
