import type { Messages } from './nb.ts';

// Nynorsk.
const nn: Messages = {
  layout: {
    skipLink: 'Hopp til hovudinnhaldet',
    homeLink: 'Samvirke, til framsida',
    signedInAs: 'Logga inn som',
    language: 'Språk',
    footer: 'Samvirke – ein felles stad for individuell plan og samarbeid om tenestene dine.',
    loading: 'Lastar …',
  },
  front: {
    title: 'Framside',
    heading: 'Velkomen til Samvirke',
    intro:
      'Samvirke er ein felles stad for deg som får hjelp frå fleire tenester over lang tid, for familien din, for koordinatoren din og for dei som hjelper deg.',
    login: 'Logg inn',
    loggedIn: 'Du er logga inn som {{name}}.',
    whatHeading: 'Dette kan de gjere her',
    whatPlan:
      'Lage og følgje opp den individuelle planen din: kva som er viktig for deg, måla dine, og kven som gjer kva og når.',
    whatMessages: 'Skrive meldingar til kvarandre, så du slepp mange telefonar og e-postar.',
    whatMeetings: 'Bli kalla inn til møte og lese referatet etterpå.',
    whatAccess: 'Bestemme kven som får sjå kva, og sjå kven som har lese planen din.',
    simple:
      'Har du ikkje individuell plan, men ein koordinator? Då kan de òg bruke Samvirke til meldingar og møte.',
    account: 'Koordinatoren din lagar ein brukar til deg. Du kan ikkje registrere deg sjølv.',
    staff: 'Er du koordinator eller fagperson? Du loggar inn på same måten.',
  },
  login: {
    title: 'Logg inn',
    heading: 'Logg inn',
    idportenIntro: 'Logg inn med BankID, MinID eller ein annan elektronisk ID gjennom ID-porten.',
    idportenButton: 'Logg inn med ID-porten',
    twoStepHeading: 'Har du ikkje elektronisk ID?',
    twoStepText:
      'Snart kan du òg logge inn med brukarnamn, passord og ein eingongskode på SMS. Koordinatoren din gir deg brukarnamnet.',
  },
  notFound: {
    title: 'Fann ikkje sida',
    heading: 'Fann ikkje sida',
    text: 'Sida finst ikkje, eller adressa er skriven feil.',
    home: 'Gå til framsida',
  },
  error: {
    title: 'Noko gjekk gale',
    heading: 'Noko gjekk gale',
    text: 'Sida kunne ikkje visast. Prøv å laste inn sida på nytt.',
    reload: 'Last inn på nytt',
    home: 'Gå til framsida',
  },
};

export default nn;
