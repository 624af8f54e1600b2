import { CONSENT_TEXTS, type ConsentKind } from '../../../shared/consent-texts.ts';
import type { Config } from '../../config.ts';
import type { Queryable } from '../../db/index.ts';
import { todayInNorway } from '../plans/present.ts';
import { DEMO_IDS } from './demo-ids.ts';

/** Fixed ids of "Olas plan" and what it holds, so that tests and guides can name them. */
export const DEMO_PLAN_IDS = {
  plan: '00000000-0000-4000-8000-000000000201',
  participants: {
    kari: '00000000-0000-4000-8000-000000000301',
    ola: '00000000-0000-4000-8000-000000000302',
    anne: '00000000-0000-4000-8000-000000000303',
    per: '00000000-0000-4000-8000-000000000304',
    lise: '00000000-0000-4000-8000-000000000305',
  },
  consents: {
    plan: '00000000-0000-4000-8000-000000000401',
    anne: '00000000-0000-4000-8000-000000000402',
    per: '00000000-0000-4000-8000-000000000403',
    lise: '00000000-0000-4000-8000-000000000404',
  },
  goals: {
    ownHome: '00000000-0000-4000-8000-000000000501',
    cooking: '00000000-0000-4000-8000-000000000502',
  },
  measures: {
    physio: '00000000-0000-4000-8000-000000000601',
    cookingCourse: '00000000-0000-4000-8000-000000000602',
  },
} as const;

const P = DEMO_PLAN_IDS.participants;

/** A calendar date `days` from today (Norwegian time). */
export function inDays(days: number): string {
  const date = new Date(`${todayInNorway()}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Whether the day `daysAgo` days before today is a working day (Monday to Friday). */
export function isWorkday(daysAgo: number): boolean {
  const weekday = new Date(`${inDays(-daysAgo)}T12:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The working day nearest to `daysAgo` days before today, in days before today. */
export function workdayAgo(daysAgo: number): number {
  const near = [daysAgo, daysAgo - 1, daysAgo + 1, daysAgo - 2, daysAgo + 2];
  return near.find(isWorkday) ?? daysAgo;
}

/** A moment `daysAgo` days before today at `clock` (HH:MM) Norwegian time: timestamptz input. */
export function osloTime(daysAgo: number, clock: string): string {
  return `${inDays(-daysAgo)} ${clock} Europe/Oslo`;
}

type DemoParticipant = {
  id: string;
  personId: string;
  role: string;
  functionTitle: string | null;
  organizationName: string | null;
  responsibility: string | null;
  access: Record<string, string>;
  /** Days from now until access ends; null: no end. */
  validForDays: number | null;
};

const PARTICIPANTS: DemoParticipant[] = [
  {
    id: P.kari,
    personId: DEMO_IDS.kari,
    role: 'coordinator',
    functionTitle: 'Koordinator',
    organizationName: 'Demo kommune',
    responsibility: 'Koordinerer planen, kaller inn til møter og følger opp tiltakene.',
    access: {},
    validForDays: null,
  },
  {
    id: P.ola,
    personId: DEMO_IDS.ola,
    role: 'owner',
    functionTitle: null,
    organizationName: null,
    responsibility: null,
    access: {},
    validForDays: null,
  },
  {
    id: P.anne,
    personId: DEMO_IDS.anne,
    role: 'guardian',
    functionTitle: 'Mor',
    organizationName: null,
    responsibility: 'Støtter Ola i hverdagen og deltar i ansvarsgruppemøtene.',
    access: {},
    validForDays: null,
  },
  {
    id: P.per,
    personId: DEMO_IDS.per,
    role: 'professional',
    functionTitle: 'Fysioterapeut',
    organizationName: 'Demo kommune',
    responsibility: 'Ansvar for treningsopplegget for styrke og balanse, to ganger i uka.',
    access: { log: 'none' },
    validForDays: null,
  },
  {
    id: P.lise,
    personId: DEMO_IDS.lise,
    role: 'professional',
    functionTitle: 'Lærer',
    organizationName: 'Demo kommune',
    responsibility: 'Tilrettelegging av opplæringen.',
    access: {},
    validForDays: -1,
  },
];

/**
 * "Olas plan" of API.md: an active individuell plan in Demo kommune, coordinated by Kari,
 * owned by Ola, with Anne (guardian), Per (physiotherapist, no access to the log) and Lise
 * (teacher, whose access ended yesterday); Ola's consents; goals, measures and his page.
 * Runs inside the demo data's transaction, on an empty database.
 */
export async function loadDemoPlan(tx: Queryable, _config: Config): Promise<void> {
  await tx.query(
    `insert into plans (id, organization_id, type, title, status, owner_id, coordinator_id,
       period_start, period_end, next_revision, created_by)
     values ($1, $2, 'ip', 'Olas plan', 'active', $3, $4, $5::date, $6::date, $7::date, $4)`,
    [
      DEMO_PLAN_IDS.plan,
      DEMO_IDS.demoKommune,
      DEMO_IDS.ola,
      DEMO_IDS.kari,
      inDays(-60),
      inDays(305),
      inDays(120),
    ],
  );
  for (const p of PARTICIPANTS) {
    await tx.query(
      `insert into participants (id, plan_id, person_id, role, function_title, organization_name,
         responsibility, access, valid_until, created_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb,
         case when $9::int is null then null else now() + make_interval(days => $9::int) end, $10)`,
      [
        p.id,
        DEMO_PLAN_IDS.plan,
        p.personId,
        p.role,
        p.functionTitle,
        p.organizationName,
        p.responsibility,
        JSON.stringify(p.access),
        p.validForDays,
        DEMO_IDS.kari,
      ],
    );
  }
  const C = DEMO_PLAN_IDS.consents;
  const consents: [string, ConsentKind, string | null][] = [
    [C.plan, 'plan', null],
    [C.anne, 'sharing', P.anne],
    [C.per, 'sharing', P.per],
    [C.lise, 'sharing', P.lise],
  ];
  for (const [id, kind, participantId] of consents) {
    const { textVersion, text } = CONSENT_TEXTS[kind];
    await tx.query(
      `insert into consents (id, plan_id, kind, participant_id, given_by, method, given_on,
         text_version, consent_text, recorded_by)
       values ($1, $2, $3, $4, $5, 'digital', $6::date, $7, $8, $5)`,
      [id, DEMO_PLAN_IDS.plan, kind, participantId, DEMO_IDS.ola, inDays(-58), textVersion, text],
    );
  }
  for (const item of items()) {
    await tx.query(
      `insert into plan_items (id, plan_id, section, parent_id, data, created_by, updated_by)
       values ($1, $2, $3, $4, $5::jsonb, $6, $6)`,
      [
        item.id,
        DEMO_PLAN_IDS.plan,
        item.section,
        item.parentId,
        JSON.stringify(item.data),
        DEMO_IDS.kari,
      ],
    );
  }
  await tx.query('insert into about_me (plan_id, data, updated_by) values ($1, $2::jsonb, $3)', [
    DEMO_PLAN_IDS.plan,
    JSON.stringify({
      whatMattersToMe: 'Å klare meg mest mulig selv, og å ha tid til venner og musikk.',
      myResources: 'Jeg er sosial, liker å lære nye ting og har en familie som stiller opp.',
      myNeeds: 'Hjelp til å planlegge uka, trening for balansen og støtte når jeg flytter.',
      background: 'Jeg bor hjemme hos mamma og vil flytte i egen leilighet i løpet av året.',
    }),
    DEMO_IDS.ola,
  ]);
}

function items(): { id: string; section: string; parentId: string | null; data: object }[] {
  const G = DEMO_PLAN_IDS.goals;
  const M = DEMO_PLAN_IDS.measures;
  return [
    {
      id: G.ownHome,
      section: 'goals',
      parentId: null,
      data: {
        title: 'Bo i egen leilighet',
        description: 'Jeg vil flytte til egen leilighet og få den hjelpen jeg trenger der.',
        status: 'active',
        targetDate: inDays(300),
        proposedBy: P.ola,
      },
    },
    {
      id: G.cooking,
      section: 'goals',
      parentId: G.ownHome,
      data: {
        title: 'Lage middag selv tre dager i uka',
        status: 'active',
        targetDate: inDays(150),
        proposedBy: P.kari,
      },
    },
    {
      id: M.physio,
      section: 'measures',
      parentId: null,
      data: {
        title: 'Fysioterapi',
        description: 'Trening for styrke og balanse.',
        scope: 'To ganger i uka, 45 minutter',
        howCarriedOut: 'Hos fysioterapeuten på helsehuset',
        responsibleParticipantId: P.per,
        startDate: inDays(-45),
        endDate: inDays(135),
        status: 'ongoing',
        goalIds: [G.ownHome],
      },
    },
    {
      id: M.cookingCourse,
      section: 'measures',
      parentId: null,
      data: {
        title: 'Matlagingskurs',
        scope: 'Én kveld i uka',
        howCarriedOut: 'Sammen med miljøterapeut i kommunens kurskjøkken',
        responsibleParticipantId: P.kari,
        startDate: inDays(14),
        status: 'planned',
        goalIds: [G.cooking],
      },
    },
  ];
}
