import type { ParticipantRole, PlanStatus, PlanType } from '../../access/plans.ts';

/**
 * The words of the printed plan in the reader's language (people.language). Kept here,
 * beside the document, rather than shared with the web app: the PDF is made on the
 * server. The wording follows the web app's (src/web/i18n/plan.*.ts).
 */

export const EXPORT_LANGUAGES = ['nb', 'nn', 'en'] as const;
export type ExportLanguage = (typeof EXPORT_LANGUAGES)[number];

export function exportLanguage(value: unknown): ExportLanguage {
  return EXPORT_LANGUAGES.find((lang) => lang === value) ?? 'nb';
}

type GoalStatus = 'proposed' | 'active' | 'achieved' | 'dropped';
type MeasureStatus = 'planned' | 'ongoing' | 'done' | 'stopped';
type Assessment = 'good' | 'partly' | 'not';
type AboutMeField = 'whatMattersToMe' | 'myResources' | 'myNeeds' | 'background';

export type ExportTexts = {
  /** The BCP 47 tag of the document (its /Lang). */
  bcp47: string;
  /** For dates: Intl locale. */
  locale: string;
  subject: string;
  type: Record<PlanType, string>;
  status: Record<PlanStatus, string>;
  role: Record<ParticipantRole, string>;
  owner: string;
  coordinator: string;
  period: string;
  nextRevision: string;
  notSet: string;
  fromTo: (from: string, to: string) => string;
  printed: (date: string, name: string) => string;
  scope: string;
  /** Also called with the placeholders `{page}` and `{pages}`, filled in per page. */
  page: (page: number | string, pages: number | string) => string;
  team: string;
  name: string;
  roleAndWorkplace: string;
  responsibility: string;
  aboutMe: string;
  aboutMeFields: Record<AboutMeField, string>;
  goals: string;
  subGoals: string;
  targetDate: (date: string) => string;
  goalMeasures: string;
  latestEvaluation: string;
  measures: string;
  responsible: string;
  noResponsible: string;
  when: string;
  scopeField: string;
  howCarriedOut: string;
  forGoals: string;
  goalStatus: Record<GoalStatus, string>;
  measureStatus: Record<MeasureStatus, string>;
  assessment: Record<Assessment, string>;
  evaluations: string;
  wholePlan: string;
  contributions: string;
  cooperation: string;
  log: string;
  aboutMeasure: (title: string) => string;
  consents: string;
  consent: string;
  consentStatus: string;
  consentPlan: string;
  consentSharing: (name: string) => string;
  formerParticipant: string;
  givenBy: string;
  method: string;
  date: string;
  paper: string;
  digital: string;
  withdrawn: (date: string) => string;
  inForce: string;
  written: (name: string, date: string) => string;
  empty: string;
  truncated: (shown: number) => string;
};

const nb: ExportTexts = {
  bcp47: 'nb',
  locale: 'nb-NO',
  subject: 'Utskrift av plan fra Samvirke',
  type: { ip: 'Individuell plan', simple: 'Enkelt samspill' },
  status: { draft: 'Utkast', active: 'Aktiv', closed: 'Avsluttet' },
  role: {
    owner: 'Planeier',
    guardian: 'Foresatt eller verge',
    relative: 'Pårørende',
    coordinator: 'Koordinator',
    professional: 'Fagperson',
  },
  owner: 'Planeier',
  coordinator: 'Koordinator',
  period: 'Planperiode',
  nextRevision: 'Neste gjennomgang',
  notSet: 'Ikke satt',
  fromTo: (from, to) => `${from} – ${to}`,
  printed: (date, name) => `Skrevet ut fra Samvirke ${date} av ${name}.`,
  scope: 'Utskriften viser de delene av planen du har tilgang til.',
  page: (page, pages) => `Side ${page} av ${pages}`,
  team: 'Hvem er med i planen',
  name: 'Navn',
  roleAndWorkplace: 'Rolle og arbeidssted',
  responsibility: 'Ansvar',
  aboutMe: 'Om meg',
  aboutMeFields: {
    whatMattersToMe: 'Dette er viktig for meg',
    myResources: 'Dette er jeg god til',
    myNeeds: 'Dette trenger jeg hjelp til',
    background: 'Bakgrunn',
  },
  goals: 'Mål',
  subGoals: 'Delmål',
  targetDate: (date) => `Innen ${date}`,
  goalMeasures: 'Tiltak for målet',
  latestEvaluation: 'Siste evaluering',
  measures: 'Tiltak',
  responsible: 'Hvem har ansvaret',
  noResponsible: 'Ikke avklart',
  when: 'Når',
  scopeField: 'Omfang',
  howCarriedOut: 'Slik gjøres det',
  forGoals: 'Hører til målene',
  goalStatus: {
    proposed: 'Foreslått',
    active: 'Jobber med',
    achieved: 'Nådd',
    dropped: 'Avsluttet',
  },
  measureStatus: { planned: 'Planlagt', ongoing: 'Pågår', done: 'Ferdig', stopped: 'Stoppet' },
  assessment: { good: 'Det går bra', partly: 'Det går delvis', not: 'Det går ikke' },
  evaluations: 'Evalueringer',
  wholePlan: 'Gjelder hele planen',
  contributions: 'Bidrag',
  cooperation: 'Samarbeid',
  log: 'Logg',
  aboutMeasure: (title) => `Om tiltaket «${title}»`,
  consents: 'Samtykker',
  consent: 'Samtykke',
  consentStatus: 'Status',
  consentPlan: 'Samtykke til planen',
  consentSharing: (name) => `Deling med ${name}`,
  formerParticipant: 'en tidligere deltaker',
  givenBy: 'Gitt av',
  method: 'Måte',
  date: 'Dato',
  paper: 'På papir',
  digital: 'I Samvirke',
  withdrawn: (date) => `Trukket tilbake ${date}`,
  inForce: 'Gjelder',
  written: (name, date) => `${name}, ${date}`,
  empty: 'Ingenting er skrevet her ennå.',
  truncated: (shown) => `Bare de ${shown} første vises her; resten finnes i Samvirke.`,
};

const nn: ExportTexts = {
  ...nb,
  bcp47: 'nn',
  locale: 'nn-NO',
  subject: 'Utskrift av plan frå Samvirke',
  type: { ip: 'Individuell plan', simple: 'Enkelt samspel' },
  status: { draft: 'Utkast', active: 'Aktiv', closed: 'Avslutta' },
  role: {
    owner: 'Planeigar',
    guardian: 'Føresett eller verje',
    relative: 'Pårørande',
    coordinator: 'Koordinator',
    professional: 'Fagperson',
  },
  owner: 'Planeigar',
  notSet: 'Ikkje sett',
  printed: (date, name) => `Skrive ut frå Samvirke ${date} av ${name}.`,
  scope: 'Utskrifta viser dei delane av planen du har tilgang til.',
  team: 'Kven er med i planen',
  roleAndWorkplace: 'Rolle og arbeidsstad',
  aboutMeFields: {
    whatMattersToMe: 'Dette er viktig for meg',
    myResources: 'Dette er eg god til',
    myNeeds: 'Dette treng eg hjelp til',
    background: 'Bakgrunn',
  },
  targetDate: (date) => `Innan ${date}`,
  goalMeasures: 'Tiltak for målet',
  responsible: 'Kven har ansvaret',
  noResponsible: 'Ikkje avklart',
  howCarriedOut: 'Slik blir det gjort',
  forGoals: 'Høyrer til måla',
  goalStatus: {
    proposed: 'Føreslått',
    active: 'Jobbar med',
    achieved: 'Nådd',
    dropped: 'Avslutta',
  },
  measureStatus: { planned: 'Planlagt', ongoing: 'Pågår', done: 'Ferdig', stopped: 'Stoppa' },
  assessment: { good: 'Det går bra', partly: 'Det går delvis', not: 'Det går ikkje' },
  evaluations: 'Evalueringar',
  wholePlan: 'Gjeld heile planen',
  consents: 'Samtykke',
  consentSharing: (name) => `Deling med ${name}`,
  formerParticipant: 'ein tidlegare deltakar',
  givenBy: 'Gitt av',
  method: 'Måte',
  withdrawn: (date) => `Trekt tilbake ${date}`,
  empty: 'Ingenting er skrive her enno.',
  truncated: (shown) => `Berre dei ${shown} første er viste her; resten finst i Samvirke.`,
};

const en: ExportTexts = {
  bcp47: 'en',
  locale: 'en-GB',
  subject: 'Printout of a plan from Samvirke',
  type: { ip: 'Individual plan', simple: 'Coordination without a plan' },
  status: { draft: 'Draft', active: 'Active', closed: 'Closed' },
  role: {
    owner: 'Plan owner',
    guardian: 'Parent or guardian',
    relative: 'Relative',
    coordinator: 'Coordinator',
    professional: 'Professional',
  },
  owner: 'Plan owner',
  coordinator: 'Coordinator',
  period: 'Plan period',
  nextRevision: 'Next review',
  notSet: 'Not set',
  fromTo: (from, to) => `${from} – ${to}`,
  printed: (date, name) => `Printed from Samvirke on ${date} by ${name}.`,
  scope: 'This printout shows the parts of the plan you have access to.',
  page: (page, pages) => `Page ${page} of ${pages}`,
  team: 'Who takes part in the plan',
  name: 'Name',
  roleAndWorkplace: 'Role and workplace',
  responsibility: 'Responsibility',
  aboutMe: 'About me',
  aboutMeFields: {
    whatMattersToMe: 'What matters to me',
    myResources: 'What I am good at',
    myNeeds: 'What I need help with',
    background: 'Background',
  },
  goals: 'Goals',
  subGoals: 'Sub-goals',
  targetDate: (date) => `By ${date}`,
  goalMeasures: 'Measures for this goal',
  latestEvaluation: 'Latest evaluation',
  measures: 'Measures',
  responsible: 'Who is responsible',
  noResponsible: 'Not settled',
  when: 'When',
  scopeField: 'Scope',
  howCarriedOut: 'How it is done',
  forGoals: 'Belongs to the goals',
  goalStatus: {
    proposed: 'Proposed',
    active: 'Working on it',
    achieved: 'Achieved',
    dropped: 'Dropped',
  },
  measureStatus: { planned: 'Planned', ongoing: 'Ongoing', done: 'Done', stopped: 'Stopped' },
  assessment: { good: 'Going well', partly: 'Going partly', not: 'Not going well' },
  evaluations: 'Evaluations',
  wholePlan: 'About the whole plan',
  contributions: 'Contributions',
  cooperation: 'Cooperation',
  log: 'Log',
  aboutMeasure: (title) => `About the measure “${title}”`,
  consents: 'Consents',
  consent: 'Consent',
  consentStatus: 'Status',
  consentPlan: 'Consent to the plan',
  consentSharing: (name) => `Sharing with ${name}`,
  formerParticipant: 'a former participant',
  givenBy: 'Given by',
  method: 'How',
  date: 'Date',
  paper: 'On paper',
  digital: 'In Samvirke',
  withdrawn: (date) => `Withdrawn on ${date}`,
  inForce: 'In force',
  written: (name, date) => `${name}, ${date}`,
  empty: 'Nothing has been written here yet.',
  truncated: (shown) => `Only the first ${shown} are shown here; the rest are in Samvirke.`,
};

export const EXPORT_TEXTS: Record<ExportLanguage, ExportTexts> = { nb, nn, en };

/** A calendar date (YYYY-MM-DD) or an instant, as a date in Norwegian time. */
export function formatDate(texts: ExportTexts, value: string | Date): string {
  const date =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? new Date(`${value}T12:00:00Z`)
      : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(texts.locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/Oslo',
  }).format(date);
}

/** An instant as date and time in Norwegian time (for "printed on"). */
export function formatDateTime(texts: ExportTexts, value: Date): string {
  return new Intl.DateTimeFormat(texts.locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Oslo',
  }).format(value);
}
