import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInNorway } from '../../src/server/modules/plans/present.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import {
  buildPlanWorld,
  expireIn,
  type MadePlan,
  makePlan,
  type PlanWorld,
  pid,
  planAudit,
  recorder,
} from '../helpers/plans.ts';
import { addPerson, type WorldPerson } from './people-factories.ts';

/**
 * The authorization catalogue across every plan route: Z1, Z3, Z5, Z6, Z12 and the audit
 * of reads (L1, L2, L7). Each route is tried with the ids of one plan or another.
 */

let t: TestApp;
let w: PlanWorld;
let r: ReturnType<typeof recorder>;
let unknownBody: string;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildPlanWorld(t);
  r = recorder(t);
  unknownBody = (
    await r.call('GET', '/api/plans/0190a0b0-0000-7000-8000-000000000000', w.coord.cookie)
  ).body;
});
afterAll(async () => {
  r.expectNoLeaks(w.canaries);
  await t.close();
});

type Route = { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; body?: unknown };

/** Every plans route, aimed at plan `planId` with child ids taken from `children`. */
function routes(
  planId: string,
  children: MadePlan,
  owner: WorldPerson,
  someone: WorldPerson,
): Route[] {
  const base = `/api/plans/${planId}`;
  const participant = `${base}/participants/${pid(children, someone)}`;
  const consent = `${base}/consents/${children.consents.plan}/withdraw`;
  return [
    { method: 'GET', url: base },
    { method: 'PATCH', url: base, body: { version: 1, title: 'Endret' } },
    { method: 'GET', url: `${base}/participants` },
    {
      method: 'POST',
      url: `${base}/participants`,
      body: { personId: w.stranger.id, role: 'relative' },
    },
    { method: 'PATCH', url: participant, body: { version: 1, access: { goals: 'write' } } },
    { method: 'DELETE', url: participant },
    { method: 'GET', url: `${base}/consents` },
    {
      method: 'POST',
      url: `${base}/consents`,
      body: { kind: 'plan', givenBy: owner.id, method: 'paper', givenOn: todayInNorway() },
    },
    { method: 'POST', url: consent },
  ];
}

async function expectAll404(person: WorldPerson, list: Route[]) {
  for (const route of list) {
    const res = await r.call(route.method, route.url, person.cookie, route.body);
    expect(res.statusCode, `${person.name} ${route.method} ${route.url}`).toBe(404);
    expect(res.body).toBe(unknownBody);
  }
}

/** Plan rows, participants and consents of a plan, to show nothing changed. */
async function snapshot(planId: string): Promise<string> {
  const rows = await t.db.query(
    `select (select row_to_json(p) from plans p where p.id = $1) as plan,
       (select json_agg(pa order by pa.id) from participants pa where pa.plan_id = $1) as team,
       (select json_agg(c order by c.id) from consents c where c.plan_id = $1) as consents`,
    [planId],
  );
  return JSON.stringify(rows);
}

describe('Z1/Z12: another plan’s ids', () => {
  it('a participant of one plan gets 404 on every route of another, and nothing changes', async () => {
    const before = await snapshot(w.otherPlan.id);
    // The other plan's id with its own child ids, and this plan's id with the other's.
    await expectAll404(w.owner, routes(w.otherPlan.id, w.otherPlan, w.otherOwner, w.proRead));
    await expectAll404(w.guardian, routes(w.otherPlan.id, w.otherPlan, w.otherOwner, w.proRead));
    expect(await snapshot(w.otherPlan.id)).toBe(before);
  });

  it('the coordinator of both: a child id of one plan under the other plan’s path is 404', async () => {
    const before = await snapshot(w.otherPlan.id);
    const mixed = routes(w.plan.id, w.otherPlan, w.otherOwner, w.proRead).filter(
      (route) => route.url.includes(`/participants/`) || route.url.includes('/withdraw'),
    );
    expect(mixed).toHaveLength(3);
    await expectAll404(w.coord, mixed);
    expect(await snapshot(w.otherPlan.id)).toBe(before);
  });
});

describe('Z5/Z6: other municipality, org admin, outsiders', () => {
  it('every route is 404 for them — the same body as for a plan that does not exist', async () => {
    const before = await snapshot(w.plan.id);
    const list = routes(w.plan.id, w.plan, w.owner, w.relative);
    for (const person of [w.coordB, w.admin, w.stranger, w.expired, w.removed, w.coord2]) {
      await expectAll404(person, list);
    }
    expect(await snapshot(w.plan.id)).toBe(before);
    // Nothing about the plan was written for them: 404s name no plan.
    const theirs = (await planAudit(t, w.plan.id)).filter((a) =>
      [w.coordB, w.admin, w.stranger, w.expired, w.removed, w.coord2].some(
        (p) => p.id === a.actor_id,
      ),
    );
    expect(theirs).toEqual([]);
  });

  it('an organisation id in a header changes nothing', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/plans/${w.plan.id}`,
      headers: { cookie: w.coordB.cookie, 'x-organization-id': w.orgA },
    });
    expect(res.statusCode).toBe(404);
  });
});

describe('Z9: participants who see the plan but may not act', () => {
  it('403 on every coordinator or owner-side route, each refusal audited, nothing changed', async () => {
    const before = await snapshot(w.plan.id);
    const list = routes(w.plan.id, w.plan, w.owner, w.proNone);
    const coordinatorOnly = list.filter((_, i) => [1, 3, 5].includes(i)); // PATCH plan, add, remove
    const ownerSide = list.filter((_, i) => [4, 7, 8].includes(i)); // grants, consent, withdraw
    const cases: [WorldPerson, Route[]][] = [
      [w.owner, coordinatorOnly],
      [w.guardian, coordinatorOnly],
      ...[w.relative, w.relativeNoConsent, w.proRead, w.proNone].map(
        (p): [WorldPerson, Route[]] => [p, [...coordinatorOnly, ...ownerSide]],
      ),
    ];
    const deniedBefore = (await planAudit(t, w.plan.id)).filter((a) => a.outcome === 'denied');
    let refusals = 0;
    for (const [person, routesOf] of cases) {
      for (const route of routesOf) {
        const res = await r.call(route.method, route.url, person.cookie, route.body);
        expect(res.statusCode, `${person.name} ${route.method} ${route.url}`).toBe(403);
        refusals += 1;
      }
    }
    expect(await snapshot(w.plan.id)).toBe(before);
    const denied = (await planAudit(t, w.plan.id)).filter((a) => a.outcome === 'denied');
    expect(denied.length - deniedBefore.length).toBe(refusals);
  });
});

describe('Z3: access ends exactly at validUntil (database time)', () => {
  it('200 before, 404 after — at the next request, with no job', async () => {
    const temp = await addPerson(t, w, w.orgA, 'Tim Vikar');
    const owner = await addPerson(t, w, w.orgA, 'Vera Vikareier');
    const plan = await makePlan(t, {
      organizationId: w.orgA,
      owner,
      coordinator: w.coord,
      others: [
        { person: temp, role: 'professional', sharingConsent: true, access: { consents: 'read' } },
      ],
    });
    await expireIn(t, pid(plan, temp), 1500);
    const [row] = await t.db.query<{ until: Date }>(
      'select valid_until as until from participants where id = $1',
      [pid(plan, temp)],
    );
    const until = row?.until;
    expect((await r.call('GET', `/api/plans/${plan.id}`, temp.cookie)).statusCode).toBe(200);
    expect((await r.call('GET', `/api/plans/${plan.id}/consents`, temp.cookie)).statusCode).toBe(
      200,
    );
    const mine = await r.call('GET', '/api/plans', temp.cookie);
    expect(mine.json().items.map((i: { id: string }) => i.id)).toEqual([plan.id]);
    const team = (await r.call('GET', `/api/plans/${plan.id}/participants`, w.coord.cookie)).json();
    expect(team.items.find((p: { personId: string }) => p.personId === temp.id).active).toBe(true);
    // Wait until the database's clock has passed validUntil.
    for (;;) {
      const [clock] = await t.db.query<{ past: boolean }>(
        'select now() >= $1::timestamptz as past',
        [until],
      );
      if (clock?.past) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await r.call('GET', `/api/plans/${plan.id}`, temp.cookie)).statusCode).toBe(404);
    expect((await r.call('GET', `/api/plans/${plan.id}/consents`, temp.cookie)).statusCode).toBe(
      404,
    );
    expect((await r.call('GET', '/api/plans', temp.cookie)).json().items).toEqual([]);
    const after = (
      await r.call('GET', `/api/plans/${plan.id}/participants`, w.coord.cookie)
    ).json();
    expect(after.items.find((p: { personId: string }) => p.personId === temp.id).active).toBe(
      false,
    );
  });
});

describe('L1/L2/L7: the audit of reads', () => {
  it('every successful read of plan content writes exactly one row, in the plan, with its action', async () => {
    for (const [path, action, section] of [
      ['', 'plan.read', null],
      ['/participants', 'participants.read', null],
      ['/consents', 'section.read', 'consents'],
    ] as const) {
      const before = await planAudit(t, w.plan.id, action);
      const res = await r.call('GET', `/api/plans/${w.plan.id}${path}`, w.guardian.cookie);
      expect(res.statusCode).toBe(200);
      const after = await planAudit(t, w.plan.id, action);
      expect(after.length, action).toBe(before.length + 1);
      expect(after.at(-1)).toMatchObject({
        actor_id: w.guardian.id,
        actor_role: 'guardian',
        outcome: 'ok',
        section,
      });
    }
  });

  it('if the audit row cannot be written, the read fails and nothing is served', async () => {
    const reader = await addPerson(t, w, w.orgA, 'Revisor Feil');
    const plan = await makePlan(t, {
      organizationId: w.orgA,
      owner: await addPerson(t, w, w.orgA, 'Elin Eier'),
      coordinator: w.coord,
      title: 'Hemmelig tittel',
      others: [{ person: reader, role: 'relative', sharingConsent: true }],
    });
    await t.db.exec(`
      create function fail_audit_for_test() returns trigger language plpgsql as $$
      begin
        if new.actor_id = '${reader.id}' then raise exception 'audit unavailable'; end if;
        return new;
      end; $$;
      create trigger fail_audit_for_test before insert on audit_log
        for each row execute function fail_audit_for_test();`);
    try {
      for (const path of ['', '/participants']) {
        const res = await r.call('GET', `/api/plans/${plan.id}${path}`, reader.cookie);
        expect(res.statusCode).toBeGreaterThanOrEqual(500);
        expect(res.body).not.toContain('Hemmelig tittel');
        expect(res.body).not.toContain('Revisor Feil');
      }
    } finally {
      await t.db.exec(
        'drop trigger fail_audit_for_test on audit_log; drop function fail_audit_for_test();',
      );
    }
    expect((await r.call('GET', `/api/plans/${plan.id}`, reader.cookie)).statusCode).toBe(200);
  });
});
