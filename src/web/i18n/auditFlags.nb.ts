// Bokmål: the page of unusual reading for organisation administrators (i18next namespace
// `auditFlags`, see ./auditFlags.ts).
const auditFlags = {
  title: 'Uvanlig lesing',
  intro:
    'Hver time går Samvirke gjennom tilgangsloggen og varsler om personer i virksomheten som leser mange planer, prøver å åpne det de ikke har tilgang til, eller leser mye om natten.',
  advice:
    'Et varsel er ikke et bevis. Finn ut om det var en grunn, for eksempel en ny jobb eller en vakt, og merk varselet som gjennomgått.',
  privacy: 'Varslene viser hvem, når og hvor mange – aldri hvilke planer eller hva som står i dem.',
  listHeading: 'Åpne varsler',
  none: 'Ingen åpne varsler.',
  count_one: '{{count}} åpent varsel',
  count_other: '{{count}} åpne varsler',
  kind: {
    bulk: 'Leste mange planer',
    denied: 'Mange forsøk uten tilgang',
    night: 'Mye lesing om natten',
  },
  kindText: {
    bulk: 'Leste flere planer, eller leste oftere, i løpet av én time enn vanlig arbeid gir.',
    denied:
      'Ble nektet tilgang mange ganger i løpet av én time. Det kan være forsøk på å åpne planer eller personer utenfor tilgangen.',
    night: 'Leste mye mellom midnatt og klokken seks.',
  },
  period: 'Tidsrom',
  periodValue: '{{date}}, kl. {{from}}–{{to}}',
  role: 'Rolle',
  plans: 'Ulike planer lest',
  reads: 'Lesinger',
  denied: 'Avviste forsøk',
  roles: {
    owner: 'Planeier',
    guardian: 'Foresatt eller verge',
    relative: 'Pårørende',
    coordinator: 'Koordinator',
    professional: 'Fagperson',
    org_admin: 'Systemansvarlig',
    trainer: 'Kursansvarlig',
    citizen: 'Innbygger',
  },
  unknownRole: 'Ukjent',
  markReviewed: 'Merk som gjennomgått',
  note: 'Notat (valgfritt)',
  noteHelp:
    'Hva du fant ut eller gjorde. Ikke skriv helseopplysninger, fødselsnummer eller hva som står i planer.',
  noteTooLong: 'Notatet kan være på høyst {{max}} tegn.',
  save: 'Merk som gjennomgått',
  reviewed: 'Varselet om {{name}} er merket som gjennomgått.',
  failed: 'Varselet ble ikke merket. Prøv igjen.',
  alreadyReviewed: 'Noen andre har allerede gjennomgått dette varselet.',
  ownFlag: 'Dette varselet gjelder deg. En annen systemansvarlig må gjennomgå det.',
  more: 'Vis flere',
};

export type AuditFlagTexts = typeof auditFlags;
export default auditFlags;
