import { describe, expect, it } from 'vitest';
import { safeHref, splitLinks } from './links.ts';

describe('links in message text', () => {
  it('makes http and https addresses links and keeps the rest as text', () => {
    expect(splitLinks('Se https://www.example.no/ovelser og http://example.org.')).toEqual([
      { kind: 'text', text: 'Se ' },
      {
        kind: 'link',
        text: 'https://www.example.no/ovelser',
        href: 'https://www.example.no/ovelser',
      },
      { kind: 'text', text: ' og ' },
      { kind: 'link', text: 'http://example.org', href: 'http://example.org/' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('leaves other schemes, addresses without a scheme and markup as text', () => {
    for (const text of [
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'mailto:kari@example.no',
      'www.example.no',
      '<a href="https://example.no">lenke</a>',
      'ftp://example.no/fil',
    ]) {
      const parts = splitLinks(text);
      const links = parts.filter((p) => p.kind === 'link');
      for (const link of links) expect(link.kind === 'link' && link.href).toMatch(/^https:\/\//);
      expect(parts.map((p) => p.text).join('')).toBe(text);
    }
    expect(splitLinks('javascript:alert(1)')).toEqual([
      { kind: 'text', text: 'javascript:alert(1)' },
    ]);
  });

  it('ends the link before closing punctuation that is not part of it', () => {
    const parts = splitLinks('(se https://example.no/a_(b)), takk!\nNy linje https://x.no/');
    expect(parts.filter((p) => p.kind === 'link').map((p) => p.text)).toEqual([
      'https://example.no/a_(b)',
      'https://x.no/',
    ]);
    expect(parts.map((p) => p.text).join('')).toBe(
      '(se https://example.no/a_(b)), takk!\nNy linje https://x.no/',
    );
  });

  it('refuses addresses with a user name or password', () => {
    expect(safeHref('https://bank.no@evil.example/')).toBeNull();
    expect(safeHref('https://example.no/')).toBe('https://example.no/');
    expect(safeHref('javascript:alert(1)')).toBeNull();
  });
});
