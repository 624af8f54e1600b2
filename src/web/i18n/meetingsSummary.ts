import { i18n } from './index.ts';

/**
 * The few texts of the plan overview's next meeting, answer buttons and open tasks, as the
 * i18next namespace `meetingsSummary`: kept apart from the meetings pages' texts, since
 * the owner's front page shows them and its JavaScript has a budget.
 */
export const MEETINGS_SUMMARY_NS = 'meetingsSummary';

const nb = {
  next: 'Neste møte',
  noNext: 'Ingen møter er kalt inn.',
  allMeetings: 'Alle møter',
  when: 'Tid',
  where: 'Sted',
  myAnswerFor: 'Ditt svar på {{title}}',
  answer: { yes: 'Ja', no: 'Nei', maybe: 'Kanskje' },
  answered: 'Svaret ditt er registrert: {{answer}}.',
  myOpen: 'Mine åpne oppgaver',
  noneMine: 'Du har ingen åpne oppgaver.',
  dueOn: 'Frist {{date}}',
  allTasks: 'Alle oppgaver',
  myTasks: 'Mine oppgaver',
};

export type MeetingsSummaryTexts = typeof nb;

const nn: MeetingsSummaryTexts = {
  next: 'Neste møte',
  noNext: 'Ingen møte er kalla inn.',
  allMeetings: 'Alle møta',
  when: 'Tid',
  where: 'Stad',
  myAnswerFor: 'Svaret ditt på {{title}}',
  answer: { yes: 'Ja', no: 'Nei', maybe: 'Kanskje' },
  answered: 'Svaret ditt er registrert: {{answer}}.',
  myOpen: 'Mine opne oppgåver',
  noneMine: 'Du har ingen opne oppgåver.',
  dueOn: 'Frist {{date}}',
  allTasks: 'Alle oppgåver',
  myTasks: 'Oppgåvene mine',
};

const en: MeetingsSummaryTexts = {
  next: 'Next meeting',
  noNext: 'No meetings have been called.',
  allMeetings: 'All meetings',
  when: 'Time',
  where: 'Place',
  myAnswerFor: 'Your answer to {{title}}',
  answer: { yes: 'Yes', no: 'No', maybe: 'Maybe' },
  answered: 'Your answer has been recorded: {{answer}}.',
  myOpen: 'My open tasks',
  noneMine: 'You have no open tasks.',
  dueOn: 'Due {{date}}',
  allTasks: 'All tasks',
  myTasks: 'My tasks',
};

for (const [language, texts] of [
  ['nb', nb],
  ['nn', nn],
  ['en', en],
] as const) {
  if (!i18n.hasResourceBundle(language, MEETINGS_SUMMARY_NS)) {
    i18n.addResourceBundle(language, MEETINGS_SUMMARY_NS, texts);
  }
}
