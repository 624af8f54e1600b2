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
import { addPerson, leakedCanaries, type WorldPerson } from './people-factories.ts';

/**
 * A new plan is a draft only its coordinator sees; it becomes active once the owner (or a
 * guardian) consents. That consent can be given in the system by the owner themself: the
 * draft answers them exactly one request — their own digital consent to the plan — and
 * /api/me/consent-requests tells them it waits, without showing its content.
 */

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
const REQUESTS = '/api/me/consent-requests';
const GOAL = 'Å bo i egen leilighet innen 2028';

/** A fresh draft IP for a new owner, with a team of every role and a goal already in it. */
async function freshDraft(name = 'Dina Utkast') {
  const owner = await addPerson(t, w, w.orgA, name);
  const plan = await makePlan(t, {
    organizationId: w.orgA,
    owner,
    coordinator: w.coord,
    status: 'draft',
    title: `Plan for ${name}`,
    others: [
      { person: w.guardian, role: 'guardian' },
      { person: w.relative, role: 'relative', sharingConsent: true },
      { person: w.proRead, role: 'professional', sharingConsent: true },
      { person: w.expired, role: 'guardian', validFor: '-1 day' },
      { person: w.removed, role: 'guardian', removed: true },
    ],
  });
  await t.db.query(
    `insert into plan_items (plan_id, section, data, created_by, updated_by)
     values ($1, 'goals', $2::jsonb, $3, $3)`,
    [plan.id, JSON.stringify({ title: GOAL, status: 'active' }), w.coord.id],
  );
  return { plan, owner };
}

const ownConsent = (person: WorldPerson) => ({
  kind: 'plan',
  givenBy: person.id,
  method: 'digital',
});

describe('consent to a draft, given in the system', () => {
  it('the owner may give their own consent to the plan; it stays a draft (404) until the coordinator activates it', async () => {
    const { plan, owner } = await freshDraft();
    expect((await r.call('GET', `/api/plans/${plan.id}`, owner.cookie)).statusCode).toBe(404);
    const res = await r.call('POST', consents(plan.id), owner.cookie, ownConsent(owner));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      kind: 'plan',
      participantId: null,
      method: 'digital',
      givenBy: { id: owner.id, name: 'Dina Utkast' },
      recordedBy: { id: owner.id },
      givenOn: todayInNorway(),
      textVersion: CONSENT_TEXTS.plan.textVersion,
      text: CONSENT_TEXTS.plan.text,
      withdrawnAt: null,
    });
    const [audit] = await planAudit(t, plan.id, 'consent.recorded');
    expect(audit).toMatchObject({
      actor_id: owner.id,
      actor_role: 'owner',
      outcome: 'ok',
      object_id: res.json().id,
      details: { kind: 'plan', method: 'digital' },
    });
    // Consenting twice is a conflict, not a second consent.
    const again = await r.call('POST', consents(plan.id), owner.cookie, ownConsent(owner));
    expect(again.statusCode).toBe(409);

    // Still a draft: the owner sees nothing of it until the coordinator activates it.
    for (const url of [
      `/api/plans/${plan.id}`,
      `/api/plans/${plan.id}/goals`,
      `/api/plans/${plan.id}/participants`,
      consents(plan.id),
      `/api/plans/${plan.id}/access-log`,
    ]) {
      expect((await r.call('GET', url, owner.cookie)).statusCode, url).toBe(404);
    }
    const activated = await r.call('PATCH', `/api/plans/${plan.id}`, w.coord.cookie, {
      version: 1,
      status: 'active',
    });
    expect(activated.statusCode).toBe(200);
    expect(activated.json().status).toBe('active');
    const seen = await r.call('GET', `/api/plans/${plan.id}`, owner.cookie);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().myRole).toBe('owner');
  });

  it('a guardian taking part may give their own consent to the plan', async () => {
    const { plan } = await freshDraft('Emil Verge');
    const res = await r.call('POST', consents(plan.id), w.guardian.cookie, ownConsent(w.guardian));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      givenBy: { id: w.guardian.id, name: 'Anne Mor' },
      method: 'digital',
    });
    expect((await r.call('GET', `/api/plans/${plan.id}`, w.guardian.cookie)).statusCode).toBe(404);
  });

  it('relative, professional, coordinator of another municipality, stranger, ended and removed guardians: 404, nothing stored', async () => {
    const { plan } = await freshDraft('Frida Fremmed');
    for (const person of [
      w.relative,
      w.proRead,
      w.coordB,
      w.stranger,
      w.admin,
      w.coord2,
      w.expired,
      w.removed,
    ]) {
      const res = await r.call('POST', consents(plan.id), person.cookie, ownConsent(person));
      expect(res.statusCode, person.name).toBe(404);
    }
    const stored = await t.db.query(`select 1 from consents where plan_id = $1 and kind = 'plan'`, [
      plan.id,
    ]);
    expect(stored).toHaveLength(0);
    // A hidden plan answers 404 and leaves no denied record naming it (as for any other).
    expect(await planAudit(t, plan.id)).toEqual([]);
  });

  it('the owner may not give a sharing consent, a paper consent, or one for somebody else on the draft (404)', async () => {
    const { plan, owner } = await freshDraft('Gro Grense');
    const today = todayInNorway();
    for (const body of [
      {
        kind: 'sharing',
        givenBy: owner.id,
        method: 'digital',
        participantId: pid(plan, w.proRead),
      },
      { kind: 'plan', givenBy: owner.id, method: 'paper', givenOn: today },
      {
        kind: 'sharing',
        givenBy: owner.id,
        method: 'paper',
        givenOn: today,
        participantId: pid(plan, w.proRead),
      },
      { kind: 'plan', givenBy: w.guardian.id, method: 'digital' },
    ]) {
      const res = await r.call('POST', consents(plan.id), owner.cookie, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(404);
    }
    // The guardian may not consent in the owner's name either.
    const forOwner = await r.call('POST', consents(plan.id), w.guardian.cookie, ownConsent(owner));
    expect(forOwner.statusCode).toBe(404);
    // Withdrawing, reading and every other route of the draft stay 404 for the owner.
    for (const [method, url, body] of [
      ['PATCH', `/api/plans/${plan.id}`, { version: 1, title: 'Min tittel' }],
      ['POST', `/api/plans/${plan.id}/goals`, { title: 'Et mål' }],
      ['PUT', `/api/plans/${plan.id}/about-me`, { version: 0, whatMattersToMe: 'Ro' }],
      ['POST', `/api/plans/${plan.id}/participants`, { personId: w.stranger.id, role: 'relative' }],
    ] as const) {
      expect((await r.call(method, url, owner.cookie, body)).statusCode, url).toBe(404);
    }
    const stored = await t.db.query(`select 1 from consents where plan_id = $1 and kind = 'plan'`, [
      plan.id,
    ]);
    expect(stored).toHaveLength(0);
  });

  it('the coordinator still registers paper consent and activates as before', async () => {
    const { plan, owner } = await freshDraft('Hans Papir');
    const paper = await r.call('POST', consents(plan.id), w.coord.cookie, {
      kind: 'plan',
      givenBy: owner.id,
      method: 'paper',
      givenOn: todayInNorway(),
    });
    expect(paper.statusCode).toBe(201);
    // Digital consent is the owner's own: the coordinator cannot give it for them (403).
    const { plan: other, owner: otherOwner } = await freshDraft('Ida Digital');
    const forThem = await r.call(
      'POST',
      consents(other.id),
      w.coord.cookie,
      ownConsent(otherOwner),
    );
    expect(forThem.statusCode).toBe(403);
  });
});

describe('GET /api/me/consent-requests', () => {
  it('lists the drafts that wait for the caller’s consent: what they consent to, no content, no contact details', async () => {
    const { plan, owner } = await freshDraft('Jon Venter');
    const res = await r.call('GET', REQUESTS, owner.cookie);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Record<string, unknown>[];
    expect(items).toEqual([
      {
        planId: plan.id,
        title: 'Plan for Jon Venter',
        type: 'ip',
        myRole: 'owner',
        owner: { name: 'Jon Venter' },
        coordinator: { name: 'Kari Koordinator' },
        organization: { name: 'Demo kommune' },
        consentText: CONSENT_TEXTS.plan.text,
        textVersion: CONSENT_TEXTS.plan.textVersion,
        createdAt: expect.any(String),
      },
    ]);
    // Nothing of the content, and nobody's national id, phone or e-mail (Z11).
    expect(res.body).not.toContain(GOAL);
    expect(leakedCanaries(res.body, w.canaries)).toEqual([]);
    for (const key of ['nationalId', 'mobile', 'email', 'id', 'access', 'status'])
      expect(JSON.stringify(items[0] ?? {}).includes(`"${key}"`), key).toBe(false);

    // A guardian taking part sees it too, marked as such.
    const guardian = (await r.call('GET', REQUESTS, w.guardian.cookie)).json().items as {
      planId: string;
      myRole: string;
      owner: { name: string };
    }[];
    expect(guardian.find((item) => item.planId === plan.id)).toMatchObject({
      myRole: 'guardian',
      owner: { name: 'Jon Venter' },
    });
    // Nobody else: relatives, professionals, ended or removed guardians, staff, strangers.
    for (const person of [
      w.relative,
      w.proRead,
      w.expired,
      w.removed,
      w.coord,
      w.admin,
      w.coordB,
      w.stranger,
    ]) {
      const list = (await r.call('GET', REQUESTS, person.cookie)).json().items as {
        planId: string;
      }[];
      expect(
        list.map((item) => item.planId),
        person.name,
      ).not.toContain(plan.id);
    }
  });

  it('a consent given, or an active plan, is no longer asked for; a withdrawn one is asked for again', async () => {
    const { plan, owner } = await freshDraft('Kjell Ferdig');
    const ids = async (person: WorldPerson) =>
      ((await r.call('GET', REQUESTS, person.cookie)).json().items as { planId: string }[]).map(
        (item) => item.planId,
      );
    expect(await ids(owner)).toEqual([plan.id]);
    const given = await r.call('POST', consents(plan.id), owner.cookie, ownConsent(owner));
    expect(given.statusCode).toBe(201);
    expect(await ids(owner)).toEqual([]);
    expect(await ids(w.guardian)).not.toContain(plan.id);
    // The owner's active plan (w.plan) is never a request.
    expect(await ids(w.owner)).toEqual([]);
    // Withdrawn by the coordinator on the draft: it waits for consent again.
    const out = await r.call(
      'POST',
      `${consents(plan.id)}/${given.json().id}/withdraw`,
      w.coord.cookie,
    );
    expect(out.statusCode).toBe(200);
    expect(await ids(owner)).toEqual([plan.id]);
  });

  it('L1: the read is audited once, naming the drafts shown by id only', async () => {
    const { plan, owner } = await freshDraft('Lars Lest');
    const res = await r.call('GET', REQUESTS, owner.cookie);
    expect(res.statusCode).toBe(200);
    const rows = await t.db.query<{
      actor_id: string;
      action: string;
      details: Record<string, unknown>;
    }>('select actor_id, action, details from audit_log where request_id = $1', [
      res.headers['x-request-id'],
    ]);
    expect(rows).toEqual([
      {
        actor_id: owner.id,
        action: 'plan.consentRequests',
        details: { count: 1, plans: plan.id },
      },
    ]);
  });

  it('401 without a session', async () => {
    expect((await r.call('GET', REQUESTS)).statusCode).toBe(401);
  });
});
