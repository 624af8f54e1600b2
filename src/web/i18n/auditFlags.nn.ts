import type { AuditFlagTexts } from './auditFlags.nb.ts';

// Nynorsk: the page of unusual reading (namespace `auditFlags`).
const auditFlags: AuditFlagTexts = {
  title: 'Uvanleg lesing',
  intro:
    'Kvar time går Samvirke gjennom tilgangsloggen og varslar om personar i verksemda som les mange planar, prøver å opne det dei ikkje har tilgang til, eller les mykje om natta.',
  advice:
    'Eit varsel er ikkje eit prov. Finn ut om det var ein grunn, til dømes ein ny jobb eller ei vakt, og merk varselet som gjennomgått.',
  privacy: 'Varsla viser kven, når og kor mange – aldri kva planar eller kva som står i dei.',
  listHeading: 'Opne varsel',
  none: 'Ingen opne varsel.',
  count_one: '{{count}} ope varsel',
  count_other: '{{count}} opne varsel',
  kind: {
    bulk: 'Las mange planar',
    denied: 'Mange forsøk utan tilgang',
    night: 'Mykje lesing om natta',
  },
  kindText: {
    bulk: 'Las fleire planar, eller las oftare, i løpet av éin time enn vanleg arbeid gir.',
    denied:
      'Vart nekta tilgang mange gonger i løpet av éin time. Det kan vere forsøk på å opne planar eller personar utanfor tilgangen.',
    night: 'Las mykje mellom midnatt og klokka seks.',
  },
  period: 'Tidsrom',
  periodValue: '{{date}}, kl. {{from}}–{{to}}',
  role: 'Rolle',
  plans: 'Ulike planar lesne',
  reads: 'Lesingar',
  denied: 'Avviste forsøk',
  roles: {
    owner: 'Planeigar',
    guardian: 'Føresett eller verje',
    relative: 'Pårørande',
    coordinator: 'Koordinator',
    professional: 'Fagperson',
    org_admin: 'Systemansvarleg',
    trainer: 'Kursansvarleg',
    citizen: 'Innbyggjar',
  },
  unknownRole: 'Ukjend',
  markReviewed: 'Merk som gjennomgått',
  note: 'Notat (valfritt)',
  noteHelp:
    'Kva du fann ut eller gjorde. Ikkje skriv helseopplysningar, fødselsnummer eller kva som står i planar.',
  noteTooLong: 'Notatet kan vere på høgst {{max}} teikn.',
  save: 'Merk som gjennomgått',
  reviewed: 'Varselet om {{name}} er merkt som gjennomgått.',
  failed: 'Varselet vart ikkje merkt. Prøv igjen.',
  alreadyReviewed: 'Nokon andre har alt gjennomgått dette varselet.',
  ownFlag: 'Dette varselet gjeld deg. Ein annan systemansvarleg må gå gjennom det.',
  more: 'Vis fleire',
};

export default auditFlags;
