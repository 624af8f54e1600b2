/**
 * The consent texts shown to the person consenting (bokmål). A text never changes once
 * used: a new wording gets a new `textVersion`, and every consent stores the text and the
 * version it was given on, so what was agreed to can always be shown as it was.
 */

export type ConsentKind = 'plan' | 'sharing';
export type ConsentText = { textVersion: string; text: string };

export const CONSENT_TEXTS: Record<ConsentKind, ConsentText> = {
  plan: {
    textVersion: 'plan-2026-11',
    text:
      'Jeg samtykker til at det lages en plan for meg i Samvirke (individuell plan eller ' +
      'enkelt samspill), at koordinatoren min fører planen sammen med meg, og at ' +
      'opplysningene i planen lagres og brukes til å samordne tjenestene jeg får. ' +
      'Jeg kan når som helst trekke samtykket tilbake.',
  },
  sharing: {
    textVersion: 'sharing-2026-11',
    text:
      'Jeg samtykker til at denne deltakeren får se og skrive i de delene av planen ' +
      'tilgangsoversikten viser, og at taushetsbelagte opplysninger i planen deles med ' +
      'deltakeren så langt det trengs for samarbeidet om meg. Jeg kan når som helst trekke ' +
      'samtykket tilbake; da opphører tilgangen med én gang.',
  },
};

export function consentText(kind: ConsentKind): ConsentText {
  return CONSENT_TEXTS[kind];
}
