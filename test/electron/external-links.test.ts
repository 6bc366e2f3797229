import { describe, expect, it, vi } from 'vitest';
import { createWindowOpenHandler, EXTERNAL_LINK_ORIGINS, isAllowedExternalLink } from '../../electron/main/external-links';

describe('isAllowedExternalLink', () => {
  it('allows only the CMS and CDC sites, where code-set release notes are published', () => {
    expect(EXTERNAL_LINK_ORIGINS).toEqual(['https://www.cms.gov', 'https://www.cdc.gov']);
  });

  it.each([
    'https://www.cms.gov/medicare/coding-billing/icd-10-codes',
    'https://www.cdc.gov/nchs/icd/icd-10-cm/files.html',
    'https://www.cms.gov/',
  ])('allows %s', (url) => expect(isAllowedExternalLink(url)).toBe(true));

  it.each([
    ['plain http', 'http://www.cms.gov/'],
    ['another host', 'https://evil.example/'],
    ['a look-alike host', 'https://www.cms.gov.evil.example/'],
    ['a userinfo trick', 'https://www.cms.gov@evil.example/'],
    ['credentials on an allowed host', 'https://user:pass@www.cms.gov/'],
    ['an explicit port', 'https://www.cms.gov:8443/'],
    ['a sibling host', 'https://cms.gov/'],
    ['file://', 'file:///etc/passwd'],
    ['javascript:', 'javascript:alert(1)'],
    ['a custom scheme', 'ms-msdt:/id PCWDiagnostic'],
    ['our own origin', 'app://workstation/index.html'],
    ['not a URL', 'www.cms.gov'],
  ])('refuses %s', (_label, url) => expect(isAllowedExternalLink(url)).toBe(false));
});

describe('the window-open handler', () => {
  it('opens an allowlisted link in the coder’s browser and never an Electron window', () => {
    const openExternal = vi.fn();
    const handler = createWindowOpenHandler(openExternal);
    expect(handler({ url: 'https://www.cms.gov/medicare/coding-billing/icd-10-codes' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://www.cms.gov/medicare/coding-billing/icd-10-codes');
  });

  it.each(['https://evil.example/', 'file:///etc/passwd', 'app://workstation/index.html', 'smb://server/share'])(
    'denies %s without opening anything',
    (url) => {
      const openExternal = vi.fn();
      expect(createWindowOpenHandler(openExternal)({ url })).toEqual({ action: 'deny' });
      expect(openExternal).not.toHaveBeenCalled();
    },
  );
});
