import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import {
  expectedStatus,
  may,
  type OracleActor,
  type OracleParticipation,
  type PlanObject,
} from '../helpers/oracle.ts';
import {
  buildPlanWorld,
  careTeam,
  makePlan,
  type ParticipantSpec,
  type PlanWorld,
} from '../helpers/plans.ts';
import { addPerson, call, type WorldPerson } from './people-factories.ts';
import {
  type Caller,
  COVERED_ELSEWHERE,
  type Ctx,
  type Entry,
  LABELS,
  type Label,
  MATRIX,
  type MatrixPlan,
  type PersonEntry,
  type PlanEntry,
  type Req,
  type SelfEntry,
} from './route-matrix-entries.ts';

/**
 * SECURITY.md, structural test 1: every route × person × plan (kind, state) × grant state,
 * against the real API, compared with the oracle (test/helpers/oracle.ts). Expected: the
 * success status when the oracle allows it; 404 when the caller may not see the plan (or
 * person) at all; otherwise 403. A route under /api/ without an entry in
 * route-matrix-entries.ts fails the first test: add one when you add a route.
 */

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

let t: TestApp;
let w: PlanWorld;
let personB: WorldPerson;
let plans: MatrixPlan[];
let counter = 0;
const PLAN_NAMES = ['active ip', 'draft ip', 'closed ip', 'active simple'] as const;
/** How many requests expected each status, so a matrix that ran nothing cannot pass. */
const tally = new Map<number, number>();
const count = (status: number) => tally.set(status, (tally.get(status) ?? 0) + 1);

/** Staff roles as buildPlanWorld gives them (orgA: the plans' municipality). */
function actorOf(label: Label, person: WorldPerson): OracleActor {
  const coordinatorOf =
    label === 'coord' || label === 'coord2' ? [w.orgA] : label === 'coordB' ? [w.orgB] : [];
  return { personId: person.id, coordinatorOf, orgAdminOf: label === 'admin' ? [w.orgA] : [] };
}

/** '-1 day', '1 year' … as the SQL interval makePlan gives valid_until. */
function validUntilOf(validFor: string | undefined, now: Date): Date | null {
  if (validFor === undefined) return null;
  const match = /^(-?\d+) (day|days|year|years)$/.exec(validFor);
  if (!match) throw new Error(`validFor ${validFor}: not understood by the matrix`);
  const days = Number(match[1]) * (match[2]?.startsWith('year') ? 365 : 1);
  return new Date(now.getTime() + days * 86_400_000);
}

function participation(spec: ParticipantSpec): OracleParticipation {
  if (spec.removed) return null;
  return {
    role: spec.role,
    access: spec.access ?? {},
    validUntil: validUntilOf(spec.validFor, new Date()),
    sharingConsent: spec.sharingConsent === true,
  };
}

async function matrixPlan(
  name: string,
  status: MatrixPlan['status'],
  type: MatrixPlan['type'],
  owner: WorldPerson,
): Promise<MatrixPlan> {
  const others = careTeam(w);
  const made =
    name === 'active ip'
      ? w.plan
      : await makePlan(t, {
          organizationId: w.orgA,
          owner,
          coordinator: w.coord,
          status,
          type,
          title: `Matrise: ${name}`,
          others,
        });
  const team = new Map<string, OracleParticipation>();
  const all: ParticipantSpec[] = [
    { person: w.coord, role: 'coordinator' },
    { person: owner, role: 'owner' },
    ...others,
  ];
  for (const spec of all) team.set(spec.person.id, participation(spec));
  return {
    name,
    id: made.id,
    organizationId: w.orgA,
    status,
    type,
    owner,
    coordinator: w.coord,
    participants: made.participants,
    team,
  };
}

beforeAll(async () => {
  t = await createTestApp();
  w = await buildPlanWorld(t);
  personB = await addPerson(t, w, w.orgB, 'Berit Annenkommune');
  // The owner has an open IP already (w.plan), so the draft IP is somebody else's.
  const draftOwner = await addPerson(t, w, w.orgA, 'Dina Utkast');
  plans = [
    await matrixPlan('active ip', 'active', 'ip', w.owner),
    await matrixPlan('draft ip', 'draft', 'ip', draftOwner),
    await matrixPlan('closed ip', 'closed', 'ip', w.owner),
    await matrixPlan('active simple', 'active', 'simple', w.owner),
  ];
});
afterAll(() => t.close());

function callers(owner: WorldPerson): Caller[] {
  return LABELS.map((label) => {
    const person = label === 'owner' ? owner : w[label];
    return { label, person, actor: actorOf(label, person) };
  });
}

async function send(
  key: string,
  caller: Caller,
  req: Req,
  planId?: string,
): Promise<{ status: number; body: string }> {
  const [method, template] = key.split(' ') as [Method, string];
  const params: Record<string, string> = { ...(planId ? { planId } : {}), ...req.params };
  const path = template.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${key}: no value for :${name}`);
    return encodeURIComponent(value);
  });
  const url = req.query ? `${path}?${req.query}` : path;
  const body = req.body === undefined && method !== 'GET' && method !== 'DELETE' ? {} : req.body;
  const res = await call(t, method, url, caller.person.cookie, body);
  return { status: res.statusCode, body: res.body };
}

const nameOf = (key: string, entry: Entry) => (entry.variant ? `${key} (${entry.variant})` : key);

function mismatch(
  what: string,
  caller: Caller,
  expected: number,
  got: { status: number; body: string },
) {
  const detail = got.status >= 400 ? ` ${got.body.slice(0, 160)}` : '';
  return `${what} as ${caller.label}: expected ${expected}, got ${got.status}${detail}`;
}

async function runPlanEntry(key: string, entry: PlanEntry, plan: MatrixPlan): Promise<string[]> {
  const problems: string[] = [];
  for (const caller of callers(plan.owner)) {
    counter += 1;
    const ctx = { t, w, caller, n: counter, plan };
    const asked = entry.ask(ctx);
    const now = new Date();
    const base: PlanObject = {
      plan: { organizationId: plan.organizationId, status: plan.status, type: plan.type },
      me: plan.team.get(caller.person.id) ?? null,
    };
    const allowed = may(caller.actor, asked.action, { ...base, ...asked }, now);
    const visible = may(caller.actor, 'plan.view', base, now);
    const oracle = expectedStatus(allowed, visible, entry.success);
    const expected = entry.refine ? entry.refine(ctx, oracle) : oracle;
    count(expected);
    const req = entry.prepare ? await entry.prepare(ctx) : {};
    const got = await send(key, caller, req, plan.id);
    if (got.status !== expected)
      problems.push(mismatch(`${nameOf(key, entry)} on ${plan.name}`, caller, expected, got));
  }
  return problems;
}

async function targetOf(entry: PersonEntry, kind: 'self' | 'personA' | 'personB', ctx: Ctx) {
  if (kind === 'self') return ctx.caller.person;
  const organizationId = kind === 'personA' ? w.orgA : w.orgB;
  if (!entry.fresh) return kind === 'personA' ? w.otherOwner : personB;
  const person = await addPerson(t, w, organizationId, `Ny Person ${ctx.n}`);
  if (entry.fresh === 'invited') {
    await t.db.query(`update people set status = 'invited', activated_at = null where id = $1`, [
      person.id,
    ]);
  }
  return person;
}

async function runPersonEntry(key: string, entry: PersonEntry): Promise<string[]> {
  const problems: string[] = [];
  for (const caller of callers(w.owner)) {
    for (const kind of entry.targets) {
      counter += 1;
      const ctx = { t, w, caller, n: counter };
      const target = await targetOf(entry, kind, ctx);
      const now = new Date();
      const person = { person: { id: target.id, organizationId: target.organizationId } };
      const allowed = may(caller.actor, entry.action, person, now);
      const visible = entry.hides ? may(caller.actor, 'person.read', person, now) : true;
      const refusedFirst =
        entry.before !== undefined && !may(caller.actor, entry.before, null, now);
      const expected = refusedFirst ? 403 : expectedStatus(allowed, visible, entry.success);
      count(expected);
      const req = entry.prepare ? await entry.prepare(ctx, target) : {};
      const got = await send(key, caller, { ...req, params: { id: target.id, ...req.params } });
      if (got.status !== expected)
        problems.push(mismatch(`${nameOf(key, entry)} on ${kind}`, caller, expected, got));
    }
  }
  return problems;
}

async function runSelfEntry(key: string, entry: SelfEntry): Promise<string[]> {
  const problems: string[] = [];
  for (const caller of callers(w.owner)) {
    counter += 1;
    const ctx = { t, w, caller, n: counter };
    const allowed = may(caller.actor, entry.action, null, new Date());
    const expected = expectedStatus(allowed, true, entry.success);
    count(expected);
    const got = await send(key, caller, entry.prepare ? await entry.prepare(ctx) : {});
    if (got.status !== expected) problems.push(mismatch(nameOf(key, entry), caller, expected, got));
  }
  return problems;
}

const apiRoutes = () => [
  ...new Set(
    t.app.routeTable.filter((r) => r.url.startsWith('/api/')).map((r) => `${r.method} ${r.url}`),
  ),
];

describe('the route matrix', () => {
  it('every /api/ route has a matrix entry, or is listed as covered elsewhere (with the reason)', () => {
    const missing = apiRoutes().filter(
      (key) => !(key in MATRIX) && !COVERED_ELSEWHERE.includes(key),
    );
    expect(missing, 'add these routes to test/integration/route-matrix-entries.ts').toEqual([]);
    const both = Object.keys(MATRIX).filter((key) => COVERED_ELSEWHERE.includes(key));
    expect(both, 'listed as covered elsewhere but also in the matrix').toEqual([]);
  });

  it('names no route that does not exist', () => {
    const routes = new Set(apiRoutes());
    expect(Object.keys(MATRIX).filter((key) => !routes.has(key))).toEqual([]);
    expect(COVERED_ELSEWHERE.filter((key) => !routes.has(key))).toEqual([]);
  });

  // One test per plan, so that each stays well inside the test timeout on a loaded machine.
  for (const name of PLAN_NAMES) {
    it(`Z1, Z2, Z5, Z6, Z9, Z10: every plan route × person on the ${name} plan agrees with the oracle`, async () => {
      const plan = plans.find((p) => p.name === name);
      if (!plan) throw new Error(`no ${name} plan`);
      const problems: string[] = [];
      for (const [key, entries] of Object.entries(MATRIX)) {
        for (const entry of entries) {
          if (entry.scope === 'plan') problems.push(...(await runPlanEntry(key, entry, plan)));
        }
      }
      expect(problems).toEqual([]);
    }, 90_000);
  }

  it('the plan matrix saw every kind of answer many times: successes, hidden plans, refused sections', () => {
    for (const status of [200, 201, 204, 403, 404])
      expect(tally.get(status) ?? 0).toBeGreaterThan(20);
  });

  it('Z5, Z9: people routes and plan creation agree with the oracle, for oneself and for people of both municipalities', async () => {
    const problems: string[] = [];
    for (const [key, entries] of Object.entries(MATRIX)) {
      for (const entry of entries) {
        if (entry.scope === 'person') problems.push(...(await runPersonEntry(key, entry)));
      }
    }
    expect(problems).toEqual([]);
  });

  it('the caller’s own lists and settings agree with the oracle', async () => {
    const problems: string[] = [];
    for (const [key, entries] of Object.entries(MATRIX)) {
      for (const entry of entries) {
        if (entry.scope === 'self') problems.push(...(await runSelfEntry(key, entry)));
      }
    }
    expect(problems).toEqual([]);
  });
});
