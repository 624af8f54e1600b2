import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import {
  buildPlanWorld,
  makePlan,
  type PlanWorld,
  pid,
  planAudit,
  recorder,
} from '../helpers/plans.ts';
import { addPerson, errorFields } from './people-factories.ts';

let t: TestApp;
let w: PlanWorld;
let r: ReturnType<typeof recorder>;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildPlanWorld(t);
  r = recorder(t);
});
afterAll(async () => {
  r.expectNoLeaks(w.canaries);
  await t.close();
});

const team = (planId: string) => `/api/plans/${planId}/participants`;
const member = (planId: string, participantId: string) => `${team(planId)}/${participantId}`;
type Row = {
  id: string;
  personId: string;
  role: string;
  access: Record<string, string> | null;
  active: boolean;
  version: number;
};

/** A fresh active plan with a care team like the world's. */
async function freshPlan() {
  const owner = await addPerson(t, w, w.orgA, 'Egil Eier');
  const plan = await makePlan(t, {
    organizationId: w.orgA,
    owner,
    coordinator: w.coord,
    others: [
      { person: w.guardian, role: 'guardian' },
      { person: w.relative, role: 'relative', sharingConsent: true },
      { person: w.proRead, role: 'professional', access: { goals: 'read' }, sharingConsent: true },
    ],
  });
  return { plan, owner };
}

describe('PATCH /api/plans/:planId/participants/:participantId', () => {
  it('coordinator, owner and guardian change others’ grants; each change is audited', async () => {
    const { plan, owner } = await freshPlan();
    const pro = pid(plan, w.proRead);
    let version = 1;
    for (const [person, level] of [
      [w.coord, 'write'],
      [owner, 'none'],
      [w.guardian, 'read'],
    ] as const) {
      const res = await r.call('PATCH', member(plan.id, pro), person.cookie, {
        version,
        access: { goals: level },
      });
      expect(res.statusCode, person.name).toBe(200);
      expect(res.json().access.goals).toBe(level);
      version = res.json().version;
    }
    const audits = await planAudit(t, plan.id, 'participant.changed');
    expect(audits.map((a) => [a.actor_id, a.details?.fields])).toEqual([
      [w.coord.id, 'access'],
      [owner.id, 'access'],
      [w.guardian.id, 'access'],
    ]);
    expect(audits[2]?.details?.access).toContain('goals=read');
  });

  it('Z10: nobody changes their own grant; the owner’s grant cannot be cut', async () => {
    const { plan, owner } = await freshPlan();
    for (const person of [w.coord, owner, w.guardian, w.proRead, w.relative]) {
      const res = await r.call('PATCH', member(plan.id, pid(plan, person)), person.cookie, {
        version: 1,
        access: { goals: 'write' },
      });
      expect(res.statusCode, person.name).toBe(403);
    }
    const cut = await r.call('PATCH', member(plan.id, pid(plan, owner)), w.coord.cookie, {
      version: 1,
      access: { goals: 'none' },
    });
    expect(cut.statusCode).toBe(403);
    const widen = await r.call('PATCH', member(plan.id, pid(plan, w.proRead)), w.proRead.cookie, {
      version: 1,
      validUntil: null,
    });
    expect(widen.statusCode).toBe(403);
  });

  it('Z9: relatives and professionals change nobody’s grants; function and role are the coordinator’s', async () => {
    const { plan, owner } = await freshPlan();
    const pro = member(plan.id, pid(plan, w.proRead));
    for (const person of [w.relative]) {
      expect(
        (await r.call('PATCH', pro, person.cookie, { version: 1, access: { goals: 'write' } }))
          .statusCode,
      ).toBe(403);
    }
    for (const person of [owner, w.guardian, w.relative]) {
      const res = await r.call('PATCH', pro, person.cookie, { version: 1, functionTitle: 'Lege' });
      expect(res.statusCode, person.name).toBe(403);
    }
    const ok = await r.call('PATCH', pro, w.coord.cookie, {
      version: 1,
      functionTitle: 'Fysioterapeut',
      organizationName: 'Demo kommune',
      responsibility: 'Trening',
      validUntil: '2030-06-30T12:00:00+02:00',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      functionTitle: 'Fysioterapeut',
      validUntil: '2030-06-30T10:00:00.000Z',
      version: 2,
    });
    const cleared = await r.call('PATCH', pro, w.coord.cookie, {
      version: 2,
      validUntil: null,
      functionTitle: null,
    });
    expect(cleared.json()).toMatchObject({ validUntil: null, functionTitle: null, version: 3 });
  });

  it('role: the owner’s never changes; the last coordinator stays; stale version 409; Z7', async () => {
    const { plan, owner } = await freshPlan();
    const ownerRow = member(plan.id, pid(plan, owner));
    const r1 = await r.call('PATCH', ownerRow, w.coord.cookie, { version: 1, role: 'relative' });
    expect(r1.statusCode).toBe(400);
    const coordRow = member(plan.id, pid(plan, w.coord));
    const last = await r.call('PATCH', coordRow, w.coord.cookie, {
      version: 1,
      role: 'professional',
    });
    expect(last.statusCode).toBe(409);
    const pro = member(plan.id, pid(plan, w.proRead));
    expect(
      (await r.call('PATCH', pro, w.coord.cookie, { version: 5, functionTitle: 'X' })).statusCode,
    ).toBe(409);
    for (const field of ['personId', 'planId', 'removedAt', 'organizationId']) {
      const res = await r.call('PATCH', pro, w.coord.cookie, {
        version: 1,
        [field]: w.stranger.id,
      });
      expect(res.statusCode, field).toBe(400);
      expect(errorFields(res)).toEqual([field]);
    }
    const toCoordinator = await r.call('PATCH', pro, w.coord.cookie, {
      version: 1,
      role: 'coordinator',
    });
    expect(toCoordinator.statusCode).toBe(400);
  });
});

describe('DELETE /api/plans/:planId/participants/:participantId', () => {
  it('the coordinator removes a participant: access ends at once, the row stays', async () => {
    const { plan } = await freshPlan();
    const rel = pid(plan, w.relative);
    expect((await r.call('GET', `/api/plans/${plan.id}`, w.relative.cookie)).statusCode).toBe(200);
    const res = await r.call('DELETE', member(plan.id, rel), w.coord.cookie);
    expect(res.statusCode).toBe(204);
    expect((await r.call('GET', `/api/plans/${plan.id}`, w.relative.cookie)).statusCode).toBe(404);
    const items = (await r.call('GET', team(plan.id), w.coord.cookie)).json().items as Row[];
    expect(items.map((p) => p.personId)).not.toContain(w.relative.id);
    const [row] = await t.db.query<{ removed_by: string; removed_at: Date }>(
      'select removed_by, removed_at from participants where id = $1',
      [rel],
    );
    expect(row?.removed_by).toBe(w.coord.id);
    expect(row?.removed_at).toBeInstanceOf(Date);
    const [audit] = await planAudit(t, plan.id, 'participant.removed');
    expect(audit).toMatchObject({ object_id: rel, outcome: 'ok' });
    expect((await r.call('DELETE', member(plan.id, rel), w.coord.cookie)).statusCode).toBe(404);
  });

  it('not the owner, not the last coordinator; a second coordinator takes over', async () => {
    const { plan, owner } = await freshPlan();
    expect(
      (await r.call('DELETE', member(plan.id, pid(plan, owner)), w.coord.cookie)).statusCode,
    ).toBe(409);
    const coordRow = member(plan.id, pid(plan, w.coord));
    expect((await r.call('DELETE', coordRow, w.coord.cookie)).statusCode).toBe(409);
    const added = await r.call('POST', team(plan.id), w.coord.cookie, {
      personId: w.coord2.id,
      role: 'coordinator',
    });
    expect(added.statusCode).toBe(201);
    expect((await r.call('DELETE', coordRow, w.coord.cookie)).statusCode).toBe(204);
    const now = await r.call('GET', `/api/plans/${plan.id}`, w.coord2.cookie);
    expect(now.json().coordinator).toEqual({ id: w.coord2.id, name: 'Kåre Koordinator' });
    expect((await r.call('GET', `/api/plans/${plan.id}`, w.coord.cookie)).statusCode).toBe(404);
  });

  it('Z9: others cannot remove (403); Z12: a participant of another plan is 404', async () => {
    const { plan, owner } = await freshPlan();
    const pro = member(plan.id, pid(plan, w.proRead));
    for (const person of [owner, w.guardian, w.relative, w.proRead]) {
      expect((await r.call('DELETE', pro, person.cookie)).statusCode, person.name).toBe(403);
    }
    const foreign = pid(w.otherPlan, w.proRead);
    expect((await r.call('DELETE', member(plan.id, foreign), w.coord.cookie)).statusCode).toBe(404);
    expect(
      (
        await r.call('PATCH', member(plan.id, foreign), w.coord.cookie, {
          version: 1,
          functionTitle: 'X',
        })
      ).statusCode,
    ).toBe(404);
    expect((await r.call('DELETE', member(plan.id, 'not-an-id'), w.coord.cookie)).statusCode).toBe(
      404,
    );
    // …and the other plan's participant is untouched.
    const other = (await r.call('GET', team(w.otherPlan.id), w.coord.cookie)).json().items as Row[];
    expect(other.find((p) => p.id === foreign)?.version).toBe(1);
  });
});
