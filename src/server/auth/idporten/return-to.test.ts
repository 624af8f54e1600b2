import { describe, expect, it } from 'vitest';
import { safeReturnTo } from './return-to.ts';

describe('A14 safeReturnTo', () => {
  it.each([
    ['/', '/'],
    ['/plans', '/plans'],
    ['/plans/1?tab=goals&x=1', '/plans/1?tab=goals&x=1'],
    ['/plans/1#measures', '/plans/1#measures'],
    ['/planer/%C3%A6', '/planer/%C3%A6'],
    ['/a/b/../c', '/a/c'],
    ['/a?next=//evil.example', '/a?next=//evil.example'],
    ['/søk?q=æøå', '/s%C3%B8k?q=%C3%A6%C3%B8%C3%A5'],
  ])('keeps the same-origin path %j', (input, expected) => {
    expect(safeReturnTo(input)).toBe(expected);
  });

  it.each([
    // protocol-relative and backslash tricks
    '//evil.example',
    '//evil.example/path',
    '///evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '\\/evil.example',
    '/\\/evil.example',
    '/x\\y',
    // absolute URLs and schemes
    'https:evil.example',
    'https://evil.example',
    'http://samvirke.invalid/plans',
    'HTTPS://evil.example',
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox',
    // encoded slashes and backslashes, once or twice
    '%2F%2Fevil.example',
    '/%2F%2Fevil.example',
    '/%2fevil.example',
    '/%5Cevil.example',
    '/%5cevil.example',
    '/%252F%252Fevil.example',
    '/%25252F%25252Fevil.example',
    // dot segments that collapse into //host
    '/.//evil.example',
    '/..//evil.example',
    '/a/../..//evil.example',
    '/%2e%2e//evil.example',
    // control characters, whitespace, header injection
    '/x\r\nset-cookie: a=b',
    '/%0d%0aset-cookie:a=b',
    '/\t/evil.example',
    '/\u0000',
    '/%00',
    ' /plans',
    '/plans ',
    '/pl ans',
    '/\u2028',
    '/\u0085x',
    // not a path at all
    '',
    'plans',
    './plans',
    '../plans',
    '?x=1',
    '#x',
    '@evil.example',
    // malformed encoding
    '/%E0%A4%A',
    '/%',
    // our own login routes would loop
    '/auth/idporten/login',
    '/auth/idporten/callback?code=x',
  ])('refuses %j', (input) => {
    expect(safeReturnTo(input)).toBe('/');
  });

  it('refuses anything that is not one string', () => {
    expect(safeReturnTo(undefined)).toBe('/');
    expect(safeReturnTo(null)).toBe('/');
    expect(safeReturnTo(['/a', '/b'])).toBe('/');
    expect(safeReturnTo({ path: '/a' })).toBe('/');
    expect(safeReturnTo(42)).toBe('/');
  });

  it('refuses very long values', () => {
    expect(safeReturnTo(`/${'a'.repeat(2000)}`)).toBe('/');
  });

  it('never returns something a browser would take as another origin', () => {
    const tricky = ['/.//x', '/..//x', '/%2e%2e/%2e%2e//x', '/a/..//x', '/./\\x'];
    for (const input of tricky) {
      const result = safeReturnTo(input);
      expect(new URL(result, 'https://samvirke.example.no').origin).toBe(
        'https://samvirke.example.no',
      );
      expect(result.startsWith('//')).toBe(false);
    }
  });
});
