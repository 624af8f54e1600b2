import type { MessageTexts } from './messages.nb.ts';

// Nynorsk: the messages pages (namespace `messages`).
const messages: MessageTexts = {
  title: 'Meldingar',
  intro: 'Her skriv de til kvarandre i planen. Berre dei ei melding er send til, kan lese henne.',
  readOnly:
    'Du kan lese meldingane som er sende til deg, men ikkje skrive nye. Treng du å skrive her, kan du spørje koordinatoren ({{coordinator}}).',
  empty: 'Ingen meldingar enno.',
  emptyWriter: 'Ingen meldingar enno. Skriv til teamet med «Ny melding».',
  newMessage: 'Ny melding',
  showOlder: 'Vis eldre meldingar',
  threads: 'Samtalar',
  thread: {
    noSubject: 'Melding frå {{name}}',
    latest: 'Siste frå {{name}}, {{time}}',
    count_one: '{{count}} melding',
    count_other: '{{count}} meldingar',
    unread_one: '{{count}} ny',
    unread_other: '{{count}} nye',
    withdrawn: 'Trekt tilbake',
    back: 'Tilbake til meldingane',
    notFoundTitle: 'Fann ikkje samtalen',
    notFoundText:
      'Samtalen finst ikkje, eller du er ikkje mellom dei han er send til. Meldingar sende til andre ser berre dei.',
    messages: 'Meldingane i samtalen',
    cannotReply: 'Alle meldingane i samtalen er trekte tilbake, så han kan ikkje svarast på.',
  },
  message: {
    heading: '{{name}}, {{time}}',
    to: 'Til',
    toEveryoneCount_one: '{{count}} mottakar',
    toEveryoneCount_other: '{{count}} mottakarar',
    edited: 'Endra {{time}}',
    new: 'Ny',
    removed: 'ikkje lenger med',
    withdrawnTag: 'Trekt tilbake',
    withdrawnText: 'Meldinga vart trekt tilbake {{time}}. Innhaldet blir ikkje vist lenger.',
    readBy: 'Lese av {{read}} av {{total}}',
    readDetails: 'Kven har lese',
    readAt: 'lese {{time}}',
    notRead: 'ikkje lese enno',
    edit: 'Endre',
    editLabel: 'Endre meldinga frå {{time}}',
    editHeading: 'Endre meldinga',
    editHelp: 'Du kan endre meldinga til nokon har lese henne.',
    save: 'Lagre endringa',
    saved: 'Endringa er lagra.',
    editTooLate:
      'Nokon har alt lese meldinga, så ho kan ikkje endrast lenger. Teksten din står her framleis – du kan sende han som eit nytt svar i samtalen.',
    editChanged:
      'Meldinga vart endra ein annan stad i mellomtida. Trykk «Lagre endringa» igjen for å bruke teksten din.',
    sendAsReply: 'Send som nytt svar',
    withdraw: 'Trekk tilbake',
    withdrawLabel: 'Trekk tilbake meldinga frå {{time}}',
    withdrawHeading: 'Trekkje tilbake meldinga?',
    withdrawText:
      'Mottakarane ser at det har vore ei melding her, men ikkje lenger kva ho sa. Du kan ikkje angre.',
    withdrawConfirm: 'Ja, trekk tilbake',
    withdrawn: 'Meldinga er trekt tilbake.',
  },
  composer: {
    newHeading: 'Ny melding',
    replyHeading: 'Svar i samtalen',
    subject: 'Emne',
    body: 'Melding',
    bodyHelp: 'Lenkjer som byrjar med https:// blir klikkbare for mottakarane.',
    to: 'Kven skal få meldinga?',
    toAll: 'Heile teamet',
    toAllHelp: 'Alle i planen som kan lese meldingar.',
    toThread: 'Alle i samtalen',
    toSome: 'Vel kven',
    pick: 'Mottakarar',
    nobodyToPick: 'Det er ingen andre i planen du kan velje.',
    bodyRequired: 'Skriv ei melding.',
    pickRequired: 'Vel minst éin mottakar.',
    tooLong: 'Meldinga kan ikkje vere lengre enn {{max}} teikn.',
    subjectTooLong: 'Emnet kan ikkje vere lengre enn {{max}} teikn.',
    send: 'Send',
    sendReply: 'Send svar',
    sent: 'Meldinga er send.',
    visibility:
      'Berre du og mottakarane ser meldinga. Dei får eit varsel om at det er ei ny melding i Samvirke, utan noko av innhaldet.',
    restored:
      'Du skreiv ei melding som ikkje vart send ({{time}}). Vi har teke vare på henne, og ho står her no.',
    discard: 'Slett henne og byrj på nytt',
    pendingHeading: 'Du har ei melding som ikkje er send',
    pendingText: 'Det du skreiv, er teke vare på i denne fana.',
    pendingOpen: 'Hald fram med meldinga',
    failedSession:
      'Du er logga ut, så meldinga vart ikkje send. Det du skreiv, er teke vare på. Logg inn igjen, så finn du det her.',
    failedForbidden:
      'Du kan ikkje lenger skrive meldingar i denne planen. Det du skreiv, står her framleis.',
    failedRecipients:
      'Nokre av mottakarane kan ikkje få meldingar i denne planen no. Vel mottakarar på nytt. Det du skreiv, står her framleis.',
    failedWithdrawn: 'Meldinga du svarar på, er trekt tilbake. Det du skreiv, står her framleis.',
    failedInvalid:
      'Sjekk det du har skrive. Det kan vere for langt eller ha teikn som ikkje går an.',
  },
  inbox: {
    title: 'Meldingar',
    intro: 'Meldingar frå alle planane du er med i, nyaste først.',
    empty: 'Du har ingen meldingar enno.',
    unreadHeading: 'Ulesne meldingar',
    noneUnread: 'Du har ingen ulesne meldingar.',
    unreadIn_one: '{{title}}: {{count}} ulesen',
    unreadIn_other: '{{title}}: {{count}} ulesne',
    inPlan: 'I {{title}}',
    more: 'Vis fleire',
    toPlans: 'Gå til planane dine',
  },
  live: {
    newFrom: 'Ny melding frå {{name}}',
    newMany: '{{count}} nye meldingar',
  },
};

export default messages;
