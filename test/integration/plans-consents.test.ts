import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInNorway } from '../../src/server/modules/plans/present.ts';
import { CONSENT_TEXTS } from '../../src/shared/consent-texts.ts';
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

const consents = (planId: string) => `/api/plans/${planId}/consents`;
const _withdraw = (planId: string, id: string) => `${consents(planId)}/${id}/withdraw`;
const today = () => todayInNorway();

/** A fresh active plan; its sharing consents are for relative and proRead only. */
async function freshPlan(status: 'draft' | 'active' = 'active') {
  const owner = await addPerson(t, w, w.orgA, 'Sara Samtykke');
  const plan = await makePlan(t, {
    organizationId: w.orgA,
    owner,
    coordinator: w.coord,
    status,
    others: [
      { person: w.guardian, role: 'guardian' },
      { person: w.relative, role: 'relative', sharingConsent: true },
      {
        person: w.proRead,
        role: 'professional',
        access: { consents: 'read' },
        sharingConsent: true,
      },
      { person: w.proNone, role: 'professional' },
    ],
  });
  return { plan, owner };
}

describe('GET /api/plans/:planId/consents', () => {
  it('coordinator, owner, guardian (and a granted professional) read the consents with their text', async () => {
    for (const person of [w.coord, w.owner, w.guardian, w.proRead]) {
      const res = await r.call('GET', consents(w.plan.id), person.cookie);
      expect(res.statusCode, person.name).toBe(200);
    }
    const res = await r.call('GET', consents(w.plan.id), w.owner.cookie);
    const items = res.json().items as Record<string, unknown>[];
    expect(items).toHaveLength(6); // plan + five sharing consents
    const plan = items.find((c) => c.kind === 'plan');
    expect(plan).toMatchObject({
      participantId: null,
      givenBy: { id: w.owner.id, name: 'Ola Planeier' },
      method: 'paper',
      textVersion: CONSENT_TEXTS.plan.textVersion,
      text: CONSENT_TEXTS.plan.text,
      recordedBy: { id: w.coord.id, name: 'Kari Koordinator' },
      withdrawnAt: null,
    });
    const page = await r.call('GET', `${consents(w.plan.id)}?limit=4`, w.owner.cookie);
    expect(page.json().items).toHaveLength(4);
    const rest = await r.call(
      'GET',
      `${consents(w.plan.id)}?limit=4&before=${page.json().next}`,
      w.owner.cookie,
    );
    expect(rest.json()).toMatchObject({ next: null });
    expect(rest.json().items).toHaveLength(2);
  });

  it('section not granted: 403 audited as denied; not visible: 404; reads audited once each', async () => {
    const before = (await planAudit(t, w.plan.id, 'section.read')).length;
    for (const person of [w.relative, w.relativeNoConsent, w.proNone]) {
      expect(
        (await r.call('GET', consents(w.plan.id), person.cookie)).statusCode,
        person.name,
      ).toBe(403);
    }
    for (const person of [w.expired, w.removed, w.admin, w.coordB, w.stranger]) {
      expect(
        (await r.call('GET', consents(w.plan.id), person.cookie)).statusCode,
        person.name,
      ).toBe(404);
    }
    await r.call('GET', consents(w.plan.id), w.guardian.cookie);
    const rows = (await planAudit(t, w.plan.id, 'section.read')).slice(before);
    expect(rows.map((a) => [a.actor_id, a.outcome, a.section])).toEqual([
      [w.relative.id, 'denied', 'consents'],
      [w.relativeNoConsent.id, 'denied', 'consents'],
      [w.proNone.id, 'denied', 'consents'],
      [w.guardian.id, 'ok', 'consents'],
    ]);
  });

  it('Z14: repeated or bad paging parameters are 400', async () => {
    for (const query of ['limit=1&limit=2', 'before=x', 'limit=500', 'kind=plan']) {
      expect(
        (await r.call('GET', `${consents(w.plan.id)}?${query}`, w.coord.cookie)).statusCode,
        query,
      ).toBe(400);
    }
  });
});

describe('POST /api/plans/:planId/consents', () => {
  it('paper: registered by the coordinator with the form’s date; text and version stored', async () => {
    const { plan, owner } = await freshPlan();
    const participantId = pid(plan, w.proNone);
    const res = await r.call('POST', consents(plan.id), w.coord.cookie, {
      kind: 'sharing',
      givenBy: owner.id,
      method: 'paper',
      participantId,
      givenOn: today(),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      kind: 'sharing',
      participantId,
      givenBy: { id: owner.id, name: 'Sara Samtykke' },
      method: 'paper',
      givenOn: today(),
      textVersion: CONSENT_TEXTS.sharing.textVersion,
      text: CONSENT_TEXTS.sharing.text,
      recordedBy: { id: w.coord.id },
    });
    const [stored] = await t.db.query<{ text_version: string; consent_text: string }>(
      'select text_version, consent_text from consents where id = $1',
      [res.json().id],
    );
    expect(stored).toEqual({
      text_version: 'sharing-2026-11',
      consent_text: CONSENT_TEXTS.sharing.text,
    });
    const [audit] = await planAudit(t, plan.id, 'consent.recorded');
    expect(audit).toMatchObject({
      actor_id: w.coord.id,
      object_id: res.json().id,
      details: { kind: 'sharing', method: 'paper' },
    });
    const again = await r.call('POST', consents(plan.id), w.coord.cookie, {
      kind: 'sharing',
      givenBy: owner.id,
      method: 'paper',
      participantId,
      givenOn: today(),
    });
    expect(again.statusCode).toBe(409);
  });

  it('digital: only by the owner or guardian themself, logged in', async () => {
    const { plan, owner } = await freshPlan();
    const own = await r.call('POST', consents(plan.id), owner.cookie, {
      kind: 'sharing',
      givenBy: owner.id,
      method: 'digital',
      participantId: pid(plan, w.proNone),
    });
    expect(own.statusCode).toBe(201);
    expect(own.json()).toMatchObject({
      method: 'digital',
      givenOn: today(),
      recordedBy: { id: owner.id },
    });
    const guardian = await r.call('POST', consents(plan.id), w.guardian.cookie, {
      kind: 'sharing',
      givenBy: w.guardian.id,
      method: 'digital',
      participantId: pid(plan, w.guardian),
    });
    expect(guardian.statusCode).toBe(201);
    for (const [person, givenBy] of [
      [w.coord, owner.id],
      [w.guardian, owner.id],
      [owner, w.guardian.id],
    ] as const) {
      const res = await r.call('POST', consents(plan.id), person.cookie, {
        kind: 'plan',
        givenBy,
        method: 'digital',
      });
      expect(res.statusCode, person.name).toBe(403);
    }
    const paperByOwner = await r.call('POST', consents(plan.id), owner.cookie, {
      kind: 'plan',
      givenBy: owner.id,
      method: 'paper',
      givenOn: today(),
    });
    expect(paperByOwner.statusCode).toBe(403);
    const denied = (await planAudit(t, plan.id, 'consent.recorded')).filter(
      (a) => a.outcome === 'denied',
    );
    expect(denied).toHaveLength(4);
  });

  it('400: givenBy not owner or active guardian; missing or misplaced fields; a future date', async () => {
    const { plan, owner } = await freshPlan();
    const sharing = {
      kind: 'sharing',
      method: 'paper',
      givenOn: today(),
      participantId: pid(plan, w.proNone),
    };
    for (const givenBy of [w.relative.id, w.proRead.id, w.coord.id, w.stranger.id, w.expired.id]) {
      const res = await r.call('POST', consents(plan.id), w.coord.cookie, { ...sharing, givenBy });
      expect(res.statusCode).toBe(400);
      expect(errorFields(res)).toEqual(['givenBy']);
    }
    for (const [fields, body] of [
      [['participantId'], { kind: 'sharing', method: 'paper', givenOn: today() }],
      [
        ['participantId'],
        { kind: 'plan', method: 'paper', givenOn: today(), participantId: pid(plan, w.proNone) },
      ],
      [['givenOn'], { kind: 'plan', method: 'paper' }],
      [['givenOn'], { kind: 'plan', method: 'digital', givenOn: today() }],
      [['givenOn'], { kind: 'plan', method: 'paper', givenOn: '2999-01-01' }],
      [['method'], { kind: 'plan', method: 'phone' }],
      [['recordedBy'], { kind: 'plan', method: 'paper', givenOn: today(), recordedBy: owner.id }],
    ] as const) {
      const res = await r.call('POST', consents(plan.id), w.coord.cookie, {
        givenBy: owner.id,
        ...body,
      });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(errorFields(res), JSON.stringify(body)).toEqual(fields);
    }
  });

  it('Z9: relatives and professionals cannot record consent; Z12: a participant of another plan is 404', async () => {
    const { plan, owner } = await freshPlan();
    for (const person of [w.relative, w.proRead]) {
      const res = await r.call('POST', consents(plan.id), person.cookie, {
        kind: 'sharing',
        givenBy: person.id,
        method: 'digital',
        participantId: pid(plan, person),
      });
      expect(res.statusCode, person.name).toBe(403);
    }
    const foreign = await r.call('POST', consents(plan.id), w.coord.cookie, {
      kind: 'sharing',
      givenBy: owner.id,
      method: 'paper',
      givenOn: today(),
      participantId: pid(w.otherPlan, w.proRead),
    });
    expect(foreign.statusCode).toBe(404);
  });
});
