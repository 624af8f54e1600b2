import type { ItemSection } from '../../../shared/schemas/sections.ts';
import {
  effectiveAccess,
  type ParticipantRole,
  type PlanFacts,
  type PlanStatus,
  type PlanType,
  type Section,
} from '../../access/plans.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Queryable } from '../../db/index.ts';
import { listConsents } from '../plans/consent-queries.ts';
import { listParticipants } from '../plans/participant-queries.ts';
import { planById } from '../plans/queries.ts';
import { type ItemRow, listItems } from '../sections/queries.ts';
import { type ExportLanguage, exportLanguage } from './texts.ts';

/**
 * What the printed plan holds, read for one caller in one transaction with their access
 * facts: the plan, its current care team (names, roles, functions and responsibilities —
 * never national ids, phones or e-mails), and the content of the sections the caller may
 * read. A section the caller may not read is not read at all.
 */

/** The sections the PDF prints, in the order it prints them. */
export const PRINTED_SECTIONS = [
  'aboutMe',
  'goals',
  'measures',
  'evaluations',
  'contributions',
  'cooperation',
  'log',
  'consents',
] as const satisfies readonly Section[];
export type PrintedSection = (typeof PRINTED_SECTIONS)[number];

/** At most this many items of one section are printed (oldest or newest first, as listed). */
export const ITEMS_PER_SECTION = 500;

export type TeamMember = {
  id: string;
  name: string;
  role: ParticipantRole;
  functionTitle: string | null;
  organizationName: string | null;
  responsibility: string | null;
};

type Written = { id: string; byName: string; createdAt: Date };

export type Goal = Written & {
  parentId: string | null;
  title: string;
  description?: string;
  status?: string;
  targetDate?: string;
};
export type Measure = Written & {
  title: string;
  description?: string;
  scope?: string;
  howCarriedOut?: string;
  status?: string;
  startDate?: string;
  endDate?: string;
  responsibleParticipantId?: string;
  goalIds: string[];
};
export type Evaluation = Written & {
  goalId?: string;
  measureId?: string;
  text: string;
  assessment?: string;
  date?: string;
};
export type LogEntry = Written & { text: string; measureId?: string };
export type Contribution = Written & { text: string; byParticipantId?: string };
export type Cooperation = Written & { text: string; service?: string };
export type Consent = {
  kind: 'plan' | 'sharing';
  participantId: string | null;
  givenByName: string;
  method: 'digital' | 'paper';
  givenOn: string;
  withdrawnAt: Date | null;
};
export type AboutMe = {
  whatMattersToMe: string;
  myResources: string;
  myNeeds: string;
  background: string;
};

/** A section's items and whether there were more than were read. */
export type Listed<T> = { items: T[]; truncated: boolean };

export type PlanExport = {
  language: ExportLanguage;
  printedBy: string;
  printedAt: Date;
  plan: {
    title: string;
    type: PlanType;
    status: PlanStatus;
    ownerName: string;
    coordinatorName: string;
    periodStart: string | null;
    periodEnd: string | null;
    nextRevision: string | null;
  };
  team: TeamMember[];
  /** The printed sections the caller may read; the others below are null. */
  sections: PrintedSection[];
  aboutMe: AboutMe | null;
  goals: Listed<Goal> | null;
  measures: Listed<Measure> | null;
  evaluations: Listed<Evaluation> | null;
  contributions: Listed<Contribution> | null;
  cooperation: Listed<Cooperation> | null;
  log: Listed<LogEntry> | null;
  consents: Listed<Consent> | null;
};

/** The printed sections these facts let the caller read (read or write). */
export function readableSections(facts: PlanFacts): PrintedSection[] {
  const access = effectiveAccess(facts);
  return PRINTED_SECTIONS.filter((section) => access[section] !== 'none');
}

// ---------------------------------------------------------------- stored data, typed

const str = (data: Record<string, unknown>, key: string): string | undefined => {
  const value = data[key];
  return typeof value === 'string' ? value : undefined;
};
const strs = (data: Record<string, unknown>, key: string): string[] => {
  const value = data[key];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
};
/** Optional fields only when present, so that the objects hold no `undefined`. */
function pick(data: Record<string, unknown>, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) {
    const value = str(data, key);
    if (value !== undefined) out[key] = value;
  }
  return out;
}
const written = (row: ItemRow): Written => ({
  id: row.id,
  byName: row.createdByName,
  createdAt: row.createdAt,
});

const toGoal = (row: ItemRow): Goal => ({
  ...written(row),
  ...pick(row.data, ['description', 'status', 'targetDate']),
  parentId: row.parentId,
  title: str(row.data, 'title') ?? '',
});
const toMeasure = (row: ItemRow): Measure => ({
  ...written(row),
  ...pick(row.data, [
    'description',
    'scope',
    'howCarriedOut',
    'status',
    'startDate',
    'endDate',
    'responsibleParticipantId',
  ]),
  title: str(row.data, 'title') ?? '',
  goalIds: strs(row.data, 'goalIds'),
});
const toEvaluation = (row: ItemRow): Evaluation => ({
  ...written(row),
  ...pick(row.data, ['goalId', 'measureId', 'assessment', 'date']),
  text: str(row.data, 'text') ?? '',
});
const toLog = (row: ItemRow): LogEntry => ({
  ...written(row),
  ...pick(row.data, ['measureId']),
  text: str(row.data, 'text') ?? '',
});
const toContribution = (row: ItemRow): Contribution => ({
  ...written(row),
  ...pick(row.data, ['byParticipantId']),
  text: str(row.data, 'text') ?? '',
});
const toCooperation = (row: ItemRow): Cooperation => ({
  ...written(row),
  ...pick(row.data, ['service']),
  text: str(row.data, 'text') ?? '',
});

// ---------------------------------------------------------------- reading

async function items<T>(
  tx: Queryable,
  planId: string,
  section: ItemSection,
  newestFirst: boolean,
  map: (row: ItemRow) => T,
): Promise<Listed<T>> {
  const rows = await listItems(tx, {
    planId,
    section,
    newestFirst,
    before: null,
    limit: ITEMS_PER_SECTION + 1,
  });
  return {
    items: rows.slice(0, ITEMS_PER_SECTION).map(map),
    truncated: rows.length > ITEMS_PER_SECTION,
  };
}

async function aboutMeOf(tx: Queryable, planId: string): Promise<AboutMe> {
  const rows = await tx.query<{ data: Record<string, unknown> }>(
    { name: 'export-about-me', text: 'select data from about_me where plan_id = $1' },
    [planId],
  );
  const data = rows[0]?.data ?? {};
  return {
    whatMattersToMe: str(data, 'whatMattersToMe') ?? '',
    myResources: str(data, 'myResources') ?? '',
    myNeeds: str(data, 'myNeeds') ?? '',
    background: str(data, 'background') ?? '',
  };
}

/** The reader's language for what is printed or downloaded (people.language; nb if unknown). */
export async function languageOf(tx: Queryable, personId: string): Promise<ExportLanguage> {
  const rows = await tx.query<{ language: string }>(
    { name: 'export-language', text: 'select language from people where id = $1' },
    [personId],
  );
  return exportLanguage(rows[0]?.language);
}

/**
 * Reads the plan as `facts` let the caller see it. Run it in the transaction that loaded
 * the facts, so that what is printed and the access it was printed under agree.
 */
export async function gatherPlan(
  tx: Queryable,
  actor: Actor,
  facts: PlanFacts,
): Promise<PlanExport | null> {
  const planId = facts.plan.id;
  const row = await planById(tx, planId);
  if (!row) return null;
  const sections = readableSections(facts);
  const may = (section: PrintedSection) => sections.includes(section);
  const participants = await listParticipants(tx, planId);
  const consents = may('consents')
    ? await listConsents(tx, planId, null, ITEMS_PER_SECTION + 1)
    : null;
  return {
    language: await languageOf(tx, actor.personId),
    printedBy: actor.name,
    printedAt: facts.now,
    plan: {
      title: row.title,
      type: row.type,
      status: row.status,
      ownerName: row.ownerName,
      coordinatorName: row.coordinatorName,
      periodStart: row.periodStart,
      periodEnd: row.periodEnd,
      nextRevision: row.nextRevision,
    },
    // The care team as it is now: those whose access has ended are not in it.
    team: participants
      .filter((p) => p.active)
      .map((p) => ({
        id: p.id,
        name: p.name,
        role: p.role,
        functionTitle: p.functionTitle,
        organizationName: p.organizationName,
        responsibility: p.responsibility,
      })),
    sections,
    aboutMe: may('aboutMe') ? await aboutMeOf(tx, planId) : null,
    goals: may('goals') ? await items(tx, planId, 'goals', false, toGoal) : null,
    measures: may('measures') ? await items(tx, planId, 'measures', false, toMeasure) : null,
    evaluations: may('evaluations')
      ? await items(tx, planId, 'evaluations', true, toEvaluation)
      : null,
    contributions: may('contributions')
      ? await items(tx, planId, 'contributions', false, toContribution)
      : null,
    cooperation: may('cooperation')
      ? await items(tx, planId, 'cooperation', false, toCooperation)
      : null,
    log: may('log') ? await items(tx, planId, 'log', true, toLog) : null,
    consents: consents
      ? {
          items: consents.slice(0, ITEMS_PER_SECTION).map((c) => ({
            kind: c.kind,
            participantId: c.participantId,
            givenByName: c.givenByName,
            method: c.method,
            givenOn: c.givenOn,
            withdrawnAt: c.withdrawnAt,
          })),
          truncated: consents.length > ITEMS_PER_SECTION,
        }
      : null,
  };
}
