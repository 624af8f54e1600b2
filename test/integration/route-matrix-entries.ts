import { CONSENT_TEXTS } from '../../src/shared/consent-texts.ts';
import type { TestApp } from '../helpers/app.ts';
import type {
  OracleActor,
  OracleParticipation,
  OracleSection,
  PersonOracleAction,
  PlanObject,
  PlanOracleAction,
  SelfOracleAction,
} from '../helpers/oracle.ts';
import type { PlanWorld } from '../helpers/plans.ts';
import {
  addPerson,
  canaryMobile,
  syntheticNationalId,
  type WorldPerson,
} from './people-factories.ts';
import { ADMIN_MATRIX } from './route-matrix-admin.ts';
import { DOCUMENT_MATRIX } from './route-matrix-documents.ts';
import { MEETING_TASK_MATRIX } from './route-matrix-meetings.ts';

/**
 * The route matrix (SECURITY.md, structural test 1): for every route, what the written
 * rules call it (the oracle's action, section, consent or target), how to make a valid
 * request for it — fresh objects made with SQL before each request that changes them, so
 * that repeated successes do not collide — and the status of a success. The runner is
 * route-matrix.test.ts; a route with no entry here fails it.
 */

export type Label =
  | 'coord'
  | 'coord2'
  | 'admin'
  | 'owner'
  | 'guardian'
  | 'relative'
  | 'relativeNoConsent'
  | 'proRead'
  | 'proNone'
  | 'expired'
  | 'removed'
  | 'coordB'
  | 'stranger';

export const LABELS: readonly Label[] = [
  'coord',
  'coord2',
  'admin',
  'owner',
  'guardian',
  'relative',
  'relativeNoConsent',
  'proRead',
  'proNone',
  'expired',
  'removed',
  'coordB',
  'stranger',
];

/** Someone calling the API, and who they are in the oracle's words. */
export type Caller = { label: Label; person: WorldPerson; actor: OracleActor };

/** A plan of the matrix with what the written rules say each person is in it. */
export type MatrixPlan = {
  name: string;
  id: string;
  organizationId: string;
  status: 'draft' | 'active' | 'closed';
  type: 'ip' | 'simple';
  owner: WorldPerson;
  coordinator: WorldPerson;
  /** Participant id by person id (removed ones included). */
  participants: Record<string, string>;
  /** The participation of each person by person id, as the oracle reads it. */
  team: Map<string, OracleParticipation>;
};

export type Ctx = { t: TestApp; w: PlanWorld; caller: Caller; n: number };
export type PlanCtx = Ctx & { plan: MatrixPlan };

/** Path parameters besides :planId, a query string and a body. */
export type Req = { params?: Record<string, string>; query?: string; body?: unknown };

export type PlanEntry = {
  scope: 'plan';
  variant?: string;
  success: number;
  /** What the oracle is asked for this request. */
  ask: (
    ctx: PlanCtx,
  ) => { action: PlanOracleAction } & Pick<PlanObject, 'section' | 'consent' | 'target'>;
  prepare?: (ctx: PlanCtx) => Promise<Req>;
  /**
   * Where the route adds a rule of its own on top of the oracle's (said in a comment at
   * the entry): the status it gives instead of the oracle's expectation.
   */
  refine?: (ctx: PlanCtx, expected: number) => number;
};

/** Whom a people route is about: the caller, or a person of either organisation. */
export type TargetKind = 'self' | 'personA' | 'personB';

export type PersonEntry = {
  scope: 'person';
  variant?: string;
  success: number;
  action: PersonOracleAction;
  targets: readonly TargetKind[];
  /** A fresh person for every request (the request changes them), with this status. */
  fresh?: 'active' | 'invited';
  /** true: a person the caller may not see is 404; false: refused as 403 whoever it is. */
  hides: boolean;
  /** Refused (403) before the person is looked up when the caller may not do this at all. */
  before?: SelfOracleAction;
  prepare?: (ctx: Ctx, target: WorldPerson) => Promise<Req>;
};

export type SelfEntry = {
  scope: 'self';
  variant?: string;
  success: number;
  action: SelfOracleAction;
  prepare?: (ctx: Ctx) => Promise<Req>;
};

export type Entry = PlanEntry | PersonEntry | SelfEntry;

// ---------------------------------------------------------------- fresh objects (SQL)

async function one<T>(rows: Promise<T[]>): Promise<T> {
  const [row] = await rows;
  if (!row) throw new Error('no row');
  return row;
}

/** A new person of organisation A, taking no part in anything yet. */
export function freshPerson(ctx: Ctx, organizationId = ctx.w.orgA): Promise<WorldPerson> {
  return addPerson(ctx.t, ctx.w, organizationId, `Ny Person ${ctx.n}`);
}

/** A new professional in the plan (granted nothing special), version 1. */
async function freshParticipant(ctx: PlanCtx): Promise<string> {
  const person = await freshPerson(ctx);
  const row = await one(
    ctx.t.db.query<{ id: string }>(
      `insert into participants (plan_id, person_id, role, created_by)
       values ($1, $2, 'professional', $3) returning id`,
      [ctx.plan.id, person.id, ctx.plan.coordinator.id],
    ),
  );
  return row.id;
}

/** A sharing consent (on paper, from the owner) for a new participant. */
async function freshSharingConsent(ctx: PlanCtx): Promise<string> {
  const participantId = await freshParticipant(ctx);
  const { textVersion, text } = CONSENT_TEXTS.sharing;
  const row = await one(
    ctx.t.db.query<{ id: string }>(
      `insert into consents (plan_id, kind, participant_id, given_by, method, text_version, consent_text, recorded_by)
       values ($1, 'sharing', $2, $3, 'paper', $4, $5, $6) returning id`,
      [ctx.plan.id, participantId, ctx.plan.owner.id, textVersion, text, ctx.plan.coordinator.id],
    ),
  );
  return row.id;
}

/** The item sections as the written rules name them, with valid stored data and bodies. */
const ITEMS = {
  goals: {
    section: 'goals',
    data: { title: 'Et mål', status: 'active' },
    create: { title: 'Nytt mål' },
    patch: { title: 'Endret mål' },
  },
  measures: {
    section: 'measures',
    data: { title: 'Et tiltak', status: 'planned', goalIds: [] },
    create: { title: 'Nytt tiltak' },
    patch: { title: 'Endret tiltak' },
  },
  evaluations: {
    section: 'evaluations',
    data: { text: 'En evaluering' },
    create: { text: 'Ny evaluering' },
    patch: { text: 'Endret evaluering' },
  },
  log: {
    section: 'log',
    data: { text: 'En logglinje' },
    create: { text: 'Ny logglinje' },
    patch: { text: 'Endret logglinje' },
  },
  contributions: {
    section: 'contributions',
    data: { text: 'Et bidrag' },
    create: { text: 'Nytt bidrag' },
    patch: { text: 'Endret bidrag' },
  },
  cooperation: {
    section: 'cooperation',
    data: { text: 'Samarbeid med skolen' },
    create: { text: 'Nytt samarbeid' },
    patch: { text: 'Endret samarbeid' },
  },
} as const satisfies Record<
  string,
  { section: OracleSection; data: object; create: object; patch: object }
>;

async function freshItem(ctx: PlanCtx, path: keyof typeof ITEMS): Promise<string> {
  const row = await one(
    ctx.t.db.query<{ id: string }>(
      `insert into plan_items (plan_id, section, data, created_by, updated_by)
       values ($1, $2, $3::jsonb, $4, $4) returning id`,
      [ctx.plan.id, path, JSON.stringify(ITEMS[path].data), ctx.plan.coordinator.id],
    ),
  );
  return row.id;
}

async function version(ctx: PlanCtx, sql: string, id: string): Promise<number> {
  const [row] = await ctx.t.db.query<{ version: number }>(sql, [id]);
  return row?.version ?? 0;
}

/** Whose name a consent given in the system carries: one's own when one speaks for the owner. */
function givenByFor(ctx: PlanCtx): string {
  const me = ctx.plan.team.get(ctx.caller.person.id);
  return me?.role === 'owner' || me?.role === 'guardian' ? ctx.caller.person.id : ctx.plan.owner.id;
}

const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' }).format();

// ---------------------------------------------------------------- the matrix

const plan = (
  success: number,
  ask: PlanEntry['ask'],
  prepare?: PlanEntry['prepare'],
  variant?: string,
): PlanEntry => ({
  scope: 'plan',
  success,
  ask,
  ...(prepare ? { prepare } : {}),
  ...(variant ? { variant } : {}),
});

const read = (section: OracleSection) => () => ({ action: 'section.read' as const, section });
const write = (section: OracleSection) => () => ({ action: 'section.write' as const, section });

function itemEntries(path: keyof typeof ITEMS): Record<string, PlanEntry[]> {
  const { section, create, patch } = ITEMS[path];
  const base = `/api/plans/:planId/${path}`;
  const item = async (ctx: PlanCtx): Promise<Req> => ({
    params: { itemId: await freshItem(ctx, path) },
  });
  return {
    [`GET ${base}`]: [plan(200, read(section))],
    [`POST ${base}`]: [plan(201, write(section), async () => ({ body: create }))],
    [`GET ${base}/:itemId`]: [plan(200, read(section), item)],
    [`PATCH ${base}/:itemId`]: [
      plan(200, write(section), async (ctx) => ({
        ...(await item(ctx)),
        body: { ...patch, version: 1 },
      })),
    ],
    [`DELETE ${base}/:itemId`]: [plan(204, write(section), item)],
    [`GET ${base}/:itemId/versions`]: [plan(200, read(section), item)],
  };
}

const PLAN_ROUTES: Record<string, PlanEntry[]> = {
  'GET /api/plans/:planId': [plan(200, () => ({ action: 'plan.view' }))],
  'PATCH /api/plans/:planId': [
    plan(
      200,
      () => ({ action: 'plan.update' }),
      async (ctx) => ({
        body: {
          version: await version(ctx, 'select version from plans where id = $1', ctx.plan.id),
          title: `Plan ${ctx.n}`,
        },
      }),
    ),
  ],
  'GET /api/plans/:planId/participants': [plan(200, () => ({ action: 'participants.list' }))],
  'POST /api/plans/:planId/participants': [
    plan(
      201,
      () => ({ action: 'participants.manage' }),
      async (ctx) => ({ body: { personId: (await freshPerson(ctx)).id, role: 'relative' } }),
    ),
  ],
  'PATCH /api/plans/:planId/participants/:participantId': [
    plan(
      200,
      () => ({
        action: 'participants.changeAccess',
        target: { role: 'professional', isMe: false },
      }),
      async (ctx) => ({
        params: { participantId: await freshParticipant(ctx) },
        body: { version: 1, access: { goals: 'read' } },
      }),
      'a grant',
    ),
    plan(
      200,
      () => ({ action: 'participants.manage' }),
      async (ctx) => ({
        params: { participantId: await freshParticipant(ctx) },
        body: { version: 1, functionTitle: 'Fysioterapeut' },
      }),
      'function and responsibility',
    ),
    // Z10: nobody widens their own grant (callers outside the team aim at the owner's).
    plan(
      200,
      (ctx) => {
        const mine = ctx.plan.team.get(ctx.caller.person.id);
        return {
          action: 'participants.changeAccess',
          target: mine ? { role: mine.role, isMe: true } : { role: 'owner', isMe: false },
        };
      },
      async (ctx) => {
        const id =
          ctx.plan.participants[ctx.caller.person.id] ??
          (ctx.plan.participants[ctx.plan.owner.id] as string);
        const current = await version(ctx, 'select version from participants where id = $1', id);
        return {
          params: { participantId: id },
          body: { version: current, access: { log: 'write' } },
        };
      },
      'one’s own grant',
    ),
  ],
  'DELETE /api/plans/:planId/participants/:participantId': [
    plan(
      204,
      () => ({ action: 'participants.manage' }),
      async (ctx) => ({ params: { participantId: await freshParticipant(ctx) } }),
    ),
  ],
  'GET /api/plans/:planId/consents': [plan(200, read('consents'))],
  'POST /api/plans/:planId/consents': [
    plan(
      201,
      (ctx) => ({
        action: 'consents.record',
        consent: { kind: 'sharing', method: 'paper', givenBy: ctx.plan.owner.id },
      }),
      async (ctx) => ({
        body: {
          kind: 'sharing',
          method: 'paper',
          givenBy: ctx.plan.owner.id,
          givenOn: today(),
          participantId: await freshParticipant(ctx),
        },
      }),
      'sharing, on paper',
    ),
    plan(
      201,
      (ctx) => ({
        action: 'consents.record',
        consent: { kind: 'sharing', method: 'digital', givenBy: givenByFor(ctx) },
      }),
      async (ctx) => ({
        body: {
          kind: 'sharing',
          method: 'digital',
          givenBy: givenByFor(ctx),
          participantId: await freshParticipant(ctx),
        },
      }),
      'sharing, in the system',
    ),
    // On a draft, the owner's (or a guardian's) own consent is the one request answered.
    plan(
      201,
      (ctx) => ({
        action: 'consents.record',
        consent: { kind: 'plan', method: 'digital', givenBy: givenByFor(ctx) },
      }),
      async (ctx) => {
        await ctx.t.db.query(
          `update consents set withdrawn_at = now() where plan_id = $1 and kind = 'plan' and withdrawn_at is null`,
          [ctx.plan.id],
        );
        return { body: { kind: 'plan', method: 'digital', givenBy: givenByFor(ctx) } };
      },
      'to the plan, in the system',
    ),
  ],
  'POST /api/plans/:planId/consents/:consentId/withdraw': [
    plan(
      200,
      () => ({ action: 'consents.withdraw' }),
      async (ctx) => ({ params: { consentId: await freshSharingConsent(ctx) } }),
    ),
  ],
  'GET /api/plans/:planId/about-me': [plan(200, read('aboutMe'))],
  'PUT /api/plans/:planId/about-me': [
    plan(200, write('aboutMe'), async (ctx) => ({
      body: {
        version: await version(ctx, 'select version from about_me where plan_id = $1', ctx.plan.id),
        whatMattersToMe: `Det som er viktig ${ctx.n}`,
      },
    })),
  ],
  'GET /api/plans/:planId/about-me/versions': [plan(200, read('aboutMe'))],
  'GET /api/plans/:planId/access-log': [plan(200, () => ({ action: 'accessLog.read' }))],
  // Everyone who sees the plan may export it; what it holds follows their section grants.
  'GET /api/plans/:planId/export.pdf': [plan(200, () => ({ action: 'plan.view' }))],
  ...itemEntries('goals'),
  ...itemEntries('measures'),
  ...itemEntries('evaluations'),
  ...itemEntries('log'),
  ...itemEntries('contributions'),
  ...itemEntries('cooperation'),
};

/**
 * A message in the plan, made with SQL: sent by `from` to `to` (participant person ids).
 * The message-level rules (sender edits and withdraws, recipients mark read, others get
 * 404) are named tests in messages.test.ts; here each request is made by a caller the
 * message concerns, so what remains to check is the section rule for every person.
 */
async function freshMessage(ctx: PlanCtx, from: string, to: string): Promise<string> {
  const part = (personId: string) => ctx.plan.participants[personId];
  const sender = part(from);
  const recipient = part(to);
  if (!sender || !recipient) throw new Error('freshMessage: both must be in the plan');
  const row = await one(
    ctx.t.db.query<{ id: string }>(
      `with g as (select gen_random_uuid() as id),
       m as (
         insert into messages (id, plan_id, thread_id, sender_id, sender_participant_id, body)
         select id, $1, id, $2, $3, 'Melding i matrisen' from g returning id
       ),
       r as (insert into message_recipients (message_id, participant_id, person_id)
             select id, $4, $5 from m)
       select id from m`,
      [ctx.plan.id, from, sender, recipient, to],
    ),
  );
  return row.id;
}

/** The caller when they take part in the plan (removed included), else the owner. */
function callerOrOwner(ctx: PlanCtx): string {
  const me = ctx.caller.person.id;
  return ctx.plan.participants[me] ? me : ctx.plan.owner.id;
}
/** Someone in the plan other than `personId`: the owner, or the coordinator for the owner. */
function otherThan(ctx: PlanCtx, personId: string): string {
  return personId === ctx.plan.owner.id ? ctx.plan.coordinator.id : ctx.plan.owner.id;
}
const toCaller = async (ctx: PlanCtx): Promise<Req> => {
  const me = callerOrOwner(ctx);
  return { params: { messageId: await freshMessage(ctx, otherThan(ctx, me), me) } };
};
const fromCaller = async (ctx: PlanCtx): Promise<Req> => {
  const me = callerOrOwner(ctx);
  return { params: { messageId: await freshMessage(ctx, me, otherThan(ctx, me)) } };
};

const MESSAGE_ROUTES: Record<string, PlanEntry[]> = {
  'GET /api/plans/:planId/messages': [plan(200, read('messages'))],
  'POST /api/plans/:planId/messages': [
    {
      ...plan(201, write('messages'), async (ctx) => ({ body: { body: `Hei ${ctx.n}` } })),
      // A draft is seen by its coordinator alone, so nobody can receive a message yet:
      // the coordinator's message is refused as having no recipient (400).
      refine: (ctx, expected) => (ctx.plan.status === 'draft' && expected === 201 ? 400 : expected),
    },
  ],
  'GET /api/plans/:planId/messages/:messageId': [plan(200, read('messages'), toCaller)],
  'PATCH /api/plans/:planId/messages/:messageId': [
    plan(200, write('messages'), async (ctx) => ({
      ...(await fromCaller(ctx)),
      body: { version: 1, body: 'Rettet' },
    })),
  ],
  'POST /api/plans/:planId/messages/:messageId/read': [plan(204, read('messages'), toCaller)],
  'POST /api/plans/:planId/messages/:messageId/withdraw': [plan(200, read('messages'), fromCaller)],
  'GET /api/plans/:planId/notification-status': [
    plan(200, () => ({ action: 'participants.viewAccess' })),
  ],
};

const PEOPLE_ROUTES: Record<string, PersonEntry[]> = {
  'POST /api/people': [
    {
      scope: 'person',
      success: 201,
      action: 'person.register',
      targets: ['personA', 'personB'],
      hides: false,
      prepare: async (ctx, target) => ({
        body: {
          name: `Registrert ${ctx.n}`,
          nationalId: syntheticNationalId(),
          mobile: canaryMobile(),
          organizationId: target.organizationId,
        },
      }),
    },
  ],
  'GET /api/people/:id': [
    {
      scope: 'person',
      success: 200,
      action: 'person.read',
      targets: ['self', 'personA', 'personB'],
      hides: true,
    },
  ],
  'PATCH /api/people/:id': [
    {
      scope: 'person',
      success: 200,
      action: 'person.update',
      targets: ['self', 'personA', 'personB'],
      hides: true,
      // The name it has, with the version it has: allowed or not, nothing changes.
      prepare: async (ctx, target) => {
        const [row] = await ctx.t.db.query<{ version: number; name: string }>(
          'select version, name from people where id = $1',
          [target.id],
        );
        return { body: { version: row?.version ?? 1, name: row?.name ?? target.name } };
      },
    },
  ],
  'POST /api/people/:id/deactivate': [
    {
      scope: 'person',
      success: 200,
      action: 'person.deactivate',
      targets: ['self', 'personA', 'personB'],
      fresh: 'active',
      hides: true,
    },
  ],
  'POST /api/people/:id/invitation': [
    {
      scope: 'person',
      success: 204,
      action: 'person.invite',
      targets: ['self', 'personA', 'personB'],
      fresh: 'invited',
      hides: true,
    },
  ],
};

const SELF_ROUTES: Record<string, SelfEntry[]> = {
  'GET /api/plans': [
    { scope: 'self', success: 200, action: 'plans.listMine' },
    {
      scope: 'self',
      variant: 'the organisation’s plans',
      success: 200,
      action: 'plans.listOrganization',
      prepare: async () => ({ query: 'scope=organization' }),
    },
  ],
  // Creating a plan is about its owner: see PLAN_CREATE below.
  'GET /api/people': [
    {
      scope: 'self',
      success: 200,
      action: 'people.search',
      prepare: async () => ({ query: 'query=Ola' }),
    },
  ],
  'GET /api/me/consent-requests': [{ scope: 'self', success: 200, action: 'me.consentRequests' }],
  'GET /api/me/notifications': [{ scope: 'self', success: 200, action: 'me.notifications' }],
  'GET /api/messages': [{ scope: 'self', success: 200, action: 'me.messages' }],
  'GET /api/messages/unread': [{ scope: 'self', success: 200, action: 'me.messages' }],
  'PUT /api/me/notifications': [
    {
      scope: 'self',
      success: 200,
      action: 'me.notifications',
      prepare: async () => ({ body: { channel: 'sms' } }),
    },
  ],
};

/**
 * POST /api/plans is about the owner-to-be: only a coordinator of their organisation may
 * make their plan; a caller with no coordinator role is refused before anything is looked
 * up (403), and a coordinator who may not see the person gets 404 as for nobody.
 */
const PLAN_CREATE: Record<string, PersonEntry[]> = {
  'POST /api/plans': [
    {
      scope: 'person',
      success: 201,
      action: 'plan.create',
      targets: ['personA', 'personB'],
      fresh: 'active',
      hides: true,
      before: 'plans.create',
      prepare: async (_ctx, target) => ({
        body: { type: 'ip', ownerId: target.id, title: 'Ny plan' },
      }),
    },
  ],
};

export const MATRIX: Record<string, Entry[]> = {
  ...PLAN_ROUTES,
  ...MESSAGE_ROUTES,
  ...MEETING_TASK_MATRIX,
  ...DOCUMENT_MATRIX,
  ...PEOPLE_ROUTES,
  ...SELF_ROUTES,
  ...PLAN_CREATE,
  ...ADMIN_MATRIX,
};

/**
 * Routes under /api/ checked by other tests, not here: they take no actor, or are about
 * the caller's session alone, or exist outside production only.
 */
export const COVERED_ELSEWHERE: readonly string[] = [
  // The event stream holds its connection open; events-*.test.ts check who may open it
  // (401 without a session, the D4 cap) and that each event is re-checked per person (Z4, M6).
  'GET /api/events',
  // Public (routes.test.ts lists the public surface): health, the API description.
  'GET /api/health/live',
  'GET /api/health/ready',
  'GET /api/openapi.json',
  // Logging in and out (auth-login, auth-password, auth-sessions, idporten tests).
  'POST /api/auth/login',
  'POST /api/auth/verify',
  'POST /api/auth/password/code',
  'POST /api/auth/password',
  'POST /api/auth/logout',
  'POST /api/auth/logout-everywhere',
  // Who the session belongs to (auth-sessions.test.ts).
  'GET /api/me',
  // Outside production only; 404 in production (people-production.test.ts, delivery.test.ts).
  'GET /api/dev/outbox',
  // Not listed, being outside /api/: the public calendar feed GET /calendar/:secret.ics
  // takes no session, only its secret (meetings-calendar.test.ts: a person's own meetings,
  // none once access ends or the secret is revoked, 404 for unknown secrets).
];
