/**
 * The notification allowlist: the only texts Samvirke can send by SMS or e-mail.
 *
 * A body is the same on both channels. It names no person, no plan and no health detail;
 * its only variable parts are declared parameters of a fixed shape (a six-digit code or
 * an opaque link). Code messages hold the code, the service name and a warning only.
 * Texts keep to the GSM 03.38 alphabet (no dashes or curly quotes) so that a code SMS
 * fits one segment.
 */

export const LANGUAGES = ['nb', 'nn', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];

/** The shape a parameter value must have: a one-time code or an http(s) link. */
export type ParamKind = 'code' | 'url';

type TemplateDef = {
  params: Readonly<Record<string, ParamKind>>;
  subject: Readonly<Record<Lang, string>>;
  body: Readonly<Record<Lang, string>>;
};

/** Every e-mail has the same subject: it must not hint at content. */
const SUBJECT = { nb: 'Samvirke', nn: 'Samvirke', en: 'Samvirke' } as const;

export const TEMPLATES = {
  'login-code': {
    params: { code: 'code' },
    subject: SUBJECT,
    body: {
      nb: 'Engangskoden din for Samvirke er {code}. Den gjelder i 5 minutter. Ikke del koden med noen. Samvirke spør aldri om den på telefon.',
      nn: 'Eingongskoden din for Samvirke er {code}. Koden gjeld i 5 minutt. Ikkje del koden med nokon. Samvirke spør aldri etter koden på telefon.',
      en: 'Your one-time code for Samvirke is {code}. It is valid for 5 minutes. Do not share the code with anyone. Samvirke never asks for it by phone.',
    },
  },
  'activation-code': {
    params: { code: 'code' },
    subject: SUBJECT,
    body: {
      nb: 'Koden for å aktivere kontoen og velge passord i Samvirke er {code}. Den gjelder i 5 minutter. Ikke del koden med noen. Samvirke spør aldri om den på telefon.',
      nn: 'Koden for å aktivere kontoen og velje passord i Samvirke er {code}. Koden gjeld i 5 minutt. Ikkje del koden med nokon. Samvirke spør aldri etter han på telefon.',
      en: 'Your code to activate Samvirke and set a password is {code}. It is valid for 5 minutes. Do not share the code with anyone. Samvirke never asks for it by phone.',
    },
  },
  'reset-code': {
    params: { code: 'code' },
    subject: SUBJECT,
    body: {
      nb: 'Koden for å lage nytt passord i Samvirke er {code}. Den gjelder i 5 minutter. Ikke del koden med noen. Samvirke spør aldri om den på telefon.',
      nn: 'Koden for å lage nytt passord i Samvirke er {code}. Koden gjeld i 5 minutt. Ikkje del koden med nokon. Samvirke spør aldri etter koden på telefon.',
      en: 'Your code to reset your Samvirke password is {code}. It is valid for 5 minutes. Do not share the code with anyone. Samvirke never asks for it by phone.',
    },
  },
  invitation: {
    params: { link: 'url' },
    subject: SUBJECT,
    body: {
      nb: 'Du har fått tilgang til Samvirke. Åpne {link} for å logge inn. Ikke del lenken med andre.',
      nn: 'Du har fått tilgang til Samvirke. Opne {link} for å logge inn. Ikkje del lenkja med andre.',
      en: 'You have been given access to Samvirke. Open {link} to log in. Do not share the link with anyone.',
    },
  },
  'contact-changed': {
    params: {},
    subject: SUBJECT,
    body: {
      nb: 'Kontaktinformasjonen din i Samvirke ble endret. Var det ikke deg, kontakt koordinatoren din.',
      nn: 'Kontaktinformasjonen din i Samvirke vart endra. Var det ikkje du, ta kontakt med koordinatoren din.',
      en: 'Your contact information in Samvirke was changed. If this was not you, contact your coordinator.',
    },
  },
  'new-message': {
    params: { url: 'url' },
    subject: SUBJECT,
    body: {
      nb: 'Du har en ny melding i Samvirke. Logg inn på {url} for å lese den.',
      nn: 'Du har ei ny melding i Samvirke. Logg inn på {url} for å lese meldinga.',
      en: 'You have a new message in Samvirke. Log in at {url} to read it.',
    },
  },
  'new-meeting': {
    params: { url: 'url' },
    subject: SUBJECT,
    body: {
      nb: 'Du er invitert til et møte i Samvirke. Logg inn på {url} for å se det.',
      nn: 'Du er invitert til eit møte i Samvirke. Logg inn på {url} for å sjå det.',
      en: 'You are invited to a meeting in Samvirke. Log in at {url} to see it.',
    },
  },
  'meeting-changed': {
    params: { url: 'url' },
    subject: SUBJECT,
    body: {
      nb: 'Et møte du er invitert til i Samvirke er endret eller avlyst. Logg inn på {url} for å se det.',
      nn: 'Eit møte du er invitert til i Samvirke er endra eller avlyst. Logg inn på {url} for å sjå det.',
      en: 'A meeting you are invited to in Samvirke has changed or been cancelled. Log in at {url} to see it.',
    },
  },
  'meeting-uninvited': {
    params: { url: 'url' },
    subject: SUBJECT,
    body: {
      nb: 'Du er ikke lenger invitert til et møte i Samvirke. Logg inn på {url} for å se møtene dine.',
      nn: 'Du er ikkje lenger invitert til eit møte i Samvirke. Logg inn på {url} for å sjå møta dine.',
      en: 'You are no longer invited to a meeting in Samvirke. Log in at {url} to see your meetings.',
    },
  },
  'task-reminder': {
    params: { url: 'url' },
    subject: SUBJECT,
    body: {
      nb: 'Du har en oppgave i Samvirke med frist i morgen. Logg inn på {url}.',
      nn: 'Du har ei oppgåve i Samvirke med frist i morgon. Logg inn på {url}.',
      en: 'You have a task in Samvirke that is due tomorrow. Log in at {url}.',
    },
  },
} as const satisfies Record<string, TemplateDef>;

export type TemplateId = keyof typeof TEMPLATES;
export const TEMPLATE_IDS = Object.keys(TEMPLATES) as TemplateId[];

/** The parameter values a template needs, e.g. `{ code: string }` for `login-code`. */
export type TemplateParams<I extends TemplateId> = {
  [K in keyof (typeof TEMPLATES)[I]['params']]: string;
};

export type Rendered = { subject: string; text: string };

/** A template asked for with an unknown id or language, or with bad parameter values. */
export class TemplateError extends Error {
  override name = 'TemplateError';
}

const CODE = /^[0-9]{6}$/;
const URL_SHAPE = /^https?:\/\/\S+$/;
const SLOT = /\{([a-zA-Z]+)\}/g;

function isValidParam(kind: ParamKind, value: string): boolean {
  if (kind === 'code') return CODE.test(value);
  if (value.length > 500 || !URL_SHAPE.test(value) || !URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password;
}

function definitionOf(id: string): TemplateDef {
  if (!Object.hasOwn(TEMPLATES, id)) throw new TemplateError(`Unknown template ${id}`);
  return TEMPLATES[id as TemplateId];
}

/**
 * Renders a template. Throws a TemplateError for an unknown template or language, a
 * missing or extra parameter, or a value of the wrong shape (a code is exactly six
 * digits; a link is http(s) with no whitespace and no credentials).
 */
export function renderTemplate<I extends TemplateId>(
  id: I,
  lang: Lang,
  params: TemplateParams<I>,
): Rendered {
  const def = definitionOf(id);
  if (!(LANGUAGES as readonly string[]).includes(lang)) {
    throw new TemplateError(`Unknown language for template ${id}`);
  }
  const given = params as Record<string, unknown>;
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(def.params, name)) {
      throw new TemplateError(`Template ${id} takes no parameter ${name}`);
    }
  }
  const values: Record<string, string> = {};
  for (const [name, kind] of Object.entries(def.params)) {
    const value = given[name];
    if (typeof value !== 'string' || !isValidParam(kind, value)) {
      // The value itself (a code, a link with a token) is never put in the message.
      throw new TemplateError(`Template ${id}: parameter ${name} is missing or invalid`);
    }
    values[name] = value;
  }
  const text = def.body[lang].replace(SLOT, (_slot, name: string) => values[name] ?? '');
  return { subject: def.subject[lang], text };
}

const SLOT_PATTERN: Record<ParamKind, string> = {
  code: '[0-9]{6}',
  url: 'https?://\\S+',
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function patternOf(def: TemplateDef, body: string): RegExp {
  let source = '';
  let last = 0;
  for (const slot of body.matchAll(SLOT)) {
    const kind = def.params[slot[1] ?? ''];
    if (!kind) throw new TemplateError('A template body names an undeclared parameter');
    source += escapeRegExp(body.slice(last, slot.index)) + SLOT_PATTERN[kind];
    last = slot.index + slot[0].length;
  }
  source += escapeRegExp(body.slice(last));
  return new RegExp(`^${source}$`);
}

/** One anchored pattern per template and language, built once. */
const PATTERNS: readonly RegExp[] = Object.values(TEMPLATES as Record<string, TemplateDef>).flatMap(
  (def) => LANGUAGES.map((lang) => patternOf(def, def.body[lang])),
);

/**
 * true only when `text` is exactly some template, in some language, rendered with some
 * parameter values of the declared shapes. Used by the suite-wide allowlist check.
 */
export function matchesAnyTemplate(text: string): boolean {
  return PATTERNS.some((pattern) => pattern.test(text));
}
