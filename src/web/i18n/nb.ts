// Bokmål: the default language and the fallback for missing keys.
// nn.ts and en.ts must have exactly the same keys (the Messages type enforces it).
const nb = {
  layout: {
    skipLink: 'Hopp til hovedinnhold',
    homeLink: 'Samvirke, til forsiden',
    signedInAs: 'Logget inn som',
    language: 'Språk',
    footer: 'Samvirke – et felles sted for individuell plan og samarbeid om tjenestene dine.',
    loading: 'Laster …',
  },
  front: {
    title: 'Forside',
    heading: 'Velkommen til Samvirke',
    intro:
      'Samvirke er et felles sted for deg som får hjelp fra flere tjenester over lang tid, for familien din, for koordinatoren din og for dem som hjelper deg.',
    login: 'Logg inn',
    loggedIn: 'Du er logget inn som {{name}}.',
    whatHeading: 'Dette kan dere gjøre her',
    whatPlan:
      'Lage og følge opp den individuelle planen din: hva som er viktig for deg, målene dine, og hvem som gjør hva og når.',
    whatMessages: 'Skrive meldinger til hverandre, så du slipper mange telefoner og e-poster.',
    whatMeetings: 'Bli kalt inn til møter og lese referatet etterpå.',
    whatAccess: 'Bestemme hvem som får se hva, og se hvem som har lest planen din.',
    simple:
      'Har du ikke individuell plan, men en koordinator? Da kan dere også bruke Samvirke til meldinger og møter.',
    account: 'Koordinatoren din lager en bruker til deg. Du kan ikke registrere deg selv.',
    staff: 'Er du koordinator eller fagperson? Du logger inn på samme måte.',
  },
  login: {
    title: 'Logg inn',
    heading: 'Logg inn',
    idportenIntro: 'Logg inn med BankID, MinID eller en annen elektronisk ID gjennom ID-porten.',
    idportenButton: 'Logg inn med ID-porten',
    twoStepHeading: 'Har du ikke elektronisk ID?',
    twoStepText:
      'Snart kan du også logge inn med brukernavn, passord og en engangskode på SMS. Koordinatoren din gir deg brukernavnet.',
  },
  notFound: {
    title: 'Fant ikke siden',
    heading: 'Fant ikke siden',
    text: 'Siden finnes ikke, eller adressen er skrevet feil.',
    home: 'Gå til forsiden',
  },
  error: {
    title: 'Noe gikk galt',
    heading: 'Noe gikk galt',
    text: 'Siden kunne ikke vises. Prøv å laste inn siden på nytt.',
    reload: 'Last inn på nytt',
    home: 'Gå til forsiden',
  },
};

export type Messages = typeof nb;
export default nb;
