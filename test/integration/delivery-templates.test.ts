import { describe, expect, it } from 'vitest';
import {
  LANGUAGES,
  matchesAnyTemplate,
  renderTemplate,
  TEMPLATE_IDS,
  TEMPLATES,
  type TemplateId,
  type TemplateParams,
} from '../../src/server/modules/delivery/templates.ts';

const CODE = '482913';
const LINK = 'https://samvirke.example.no/i/Zx81kQp0LmT';

function sampleParams<I extends TemplateId>(id: I): TemplateParams<I> {
  const params: Record<string, string> = {};
  for (const [name, kind] of Object.entries(TEMPLATES[id].params)) {
    params[name] = kind === 'code' ? CODE : LINK;
  }
  return params as TemplateParams<I>;
}

/** GSM 03.38 basic alphabet (extension characters would cost two each). */
const GSM7 = /^[@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà]*$/;

const everyRendering = TEMPLATE_IDS.flatMap((id) =>
  LANGUAGES.map((lang) => ({ id, lang, ...renderTemplate(id, lang, sampleParams(id)) })),
);

describe('templates (N1, N2, N5)', () => {
  it.each(everyRendering)('$id/$lang renders and matches the allowlist', ({ subject, text }) => {
    expect(subject).toBe('Samvirke');
    expect(text).not.toMatch(/\{|\}/);
    expect(matchesAnyTemplate(text)).toBe(true);
  });

  it('every template has a body in nb, nn and en, all different', () => {
    for (const id of TEMPLATE_IDS) {
      const bodies = LANGUAGES.map((lang) => TEMPLATES[id].body[lang]);
      expect(new Set(bodies).size).toBe(3);
    }
  });

  it('code messages hold the code, the service name and a warning, in one GSM-7 SMS', () => {
    for (const r of everyRendering.filter((r) => r.id.endsWith('-code'))) {
      expect(r.text).toContain(CODE);
      expect(r.text).toContain('Samvirke');
      expect(r.text.replace(CODE, '')).not.toMatch(/[0-9]{2,}/);
      expect(r.text).toMatch(/Ikke del|Ikkje del|Do not share/);
      expect(r.text.length).toBeLessThanOrEqual(160);
      expect(r.text).toMatch(GSM7);
    }
  });

  it('no template names a person or a plan: the only variable parts are the parameters', () => {
    for (const id of TEMPLATE_IDS) {
      for (const lang of LANGUAGES) {
        const slots = [...TEMPLATES[id].body[lang].matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        expect(slots.sort()).toEqual(Object.keys(TEMPLATES[id].params).sort());
      }
    }
  });

  it('rejects altered text', () => {
    const nb = renderTemplate('login-code', 'nb', { code: CODE }).text;
    expect(
      matchesAnyTemplate(nb.replace('Engangskoden din', 'Kari Nordmann, engangskoden din')),
    ).toBe(false);
    expect(matchesAnyTemplate(nb.replace(CODE, '48291'))).toBe(false);
    expect(matchesAnyTemplate(nb.replace(CODE, '4829137'))).toBe(false);
    expect(matchesAnyTemplate(nb.replace(CODE, 'abcdef'))).toBe(false);
    expect(matchesAnyTemplate(`${nb} Olas plan`)).toBe(false);
    expect(matchesAnyTemplate(`${nb}\n`)).toBe(false);
    expect(matchesAnyTemplate(nb.replace('5 minutter.', '5 minutterX'))).toBe(false);
    expect(matchesAnyTemplate(nb.replace(CODE, `${CODE} (Ola)`))).toBe(false);

    const link = renderTemplate('invitation', 'en', { link: LINK }).text;
    expect(matchesAnyTemplate(link.replace(LINK, `${LINK} Kari Nordmann`))).toBe(false);
    expect(matchesAnyTemplate(link.replace(LINK, 'javascript:alert(1)'))).toBe(false);
    expect(matchesAnyTemplate(link.replace('Samvirke', 'Olas plan'))).toBe(false);
    expect(matchesAnyTemplate('')).toBe(false);
    expect(matchesAnyTemplate('Samvirke')).toBe(false);
  });

  it('validates parameter values and names', () => {
    const bad: [TemplateId, Record<string, unknown>][] = [
      ['login-code', { code: '12345' }],
      ['login-code', { code: '1234567' }],
      ['login-code', { code: '١٢٣٤٥٦' }],
      ['login-code', { code: 123456 }],
      ['login-code', {}],
      ['login-code', { code: CODE, name: 'Kari' }],
      ['contact-changed', { name: 'Kari' }],
      ['invitation', { link: 'javascript:alert(1)' }],
      ['invitation', { link: 'ftp://samvirke.example.no/x' }],
      ['invitation', { link: 'https://samvirke.example.no/x\nBcc: x' }],
      ['invitation', { link: 'https://samvirke.example.no/a b' }],
      ['invitation', { link: 'https://user:pw@samvirke.example.no/x' }],
      ['invitation', { link: `https://samvirke.example.no/${'x'.repeat(600)}` }],
      ['new-message', { url: 'samvirke.example.no' }],
    ];
    for (const [id, params] of bad) {
      expect(() => renderTemplate(id, 'nb', params as never), JSON.stringify(params)).toThrow(
        /parameter/,
      );
    }
    expect(() => renderTemplate('no-such' as TemplateId, 'nb', {} as never)).toThrow(/Unknown/);
    expect(() => renderTemplate('contact-changed', 'se' as 'nb', {})).toThrow(/language/);
    expect(() => renderTemplate('toString' as TemplateId, 'nb', {} as never)).toThrow(/Unknown/);
  });

  it('the error for a bad value does not repeat the value', () => {
    expect(() => renderTemplate('login-code', 'nb', { code: '99999' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('99999') }),
    );
  });
});
