import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_IDS,
  DEMO_PEOPLE,
  loadDemoData,
} from '../../src/server/modules/training/demo-data.ts';
import {
  DEMO_DOCUMENT_IDS,
  DEMO_DOCUMENT_NAME,
  demoAgreementPdf,
} from '../../src/server/modules/training/demo-documents.ts';
import { DEMO_MEETING_IDS } from '../../src/server/modules/training/demo-meetings.ts';
import { DEMO_PLAN_IDS } from '../../src/server/modules/training/demo-plan.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { planOrganization, recorder } from '../helpers/plans.ts';
import { sessionCookie } from './people-factories.ts';

let t: TestApp;
let r: ReturnType<typeof recorder>;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  t = await createTestApp();
  r = recorder(t);
  await loadDemoData(t.db, t.config);
  for (const key of ['kari', 'ola', 'anne', 'per', 'lise', 'siri', 'tor'] as const) {
    cookies[key] = await sessionCookie(t, DEMO_IDS[key]);
  }
});
afterAll(async () => {
  r.expectNoLeaks(DEMO_PEOPLE.flatMap((p) => [p.nationalId, p.mobile, p.email]));
  await t.close();
});

const plan = `/api/plans/${DEMO_PLAN_IDS.plan}`;

describe('the demo plan ("Olas plan" of API.md)', () => {
  it('is an active IP of Demo kommune, coordinated by Kari, owned by Ola', async () => {
    const res = await r.call('GET', plan, cookies.kari);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: DEMO_PLAN_IDS.plan,
      type: 'ip',
      title: 'Olas plan',
      status: 'active',
      owner: { id: DEMO_IDS.ola, name: 'Ola Planeier' },
      coordinator: { id: DEMO_IDS.kari, name: 'Kari Koordinator' },
      myRole: 'coordinator',
    });
    expect(await planOrganization(t, DEMO_PLAN_IDS.plan)).toBe(DEMO_IDS.demoKommune);
  });

  it('each demo person meets the plan as API.md says', async () => {
    const ola = await r.call('GET', plan, cookies.ola);
    expect(ola.json().myRole).toBe('owner');
    const anne = await r.call('GET', plan, cookies.anne);
    expect(anne.json().myRole).toBe('guardian');
    const per = (await r.call('GET', plan, cookies.per)).json();
    expect(per).toMatchObject({ myRole: 'professional' });
    expect(per.myAccess).toMatchObject({ log: 'none', goals: 'write', aboutMe: 'read' });
    for (const key of ['lise', 'siri', 'tor']) {
      expect((await r.call('GET', plan, cookies[key])).statusCode, key).toBe(404);
    }
    const summary = await r.call('GET', '/api/plans?scope=organization', cookies.siri);
    expect(summary.json().items).toEqual([
      expect.objectContaining({ id: DEMO_PLAN_IDS.plan, participantCount: 4 }),
    ]);
  });

  it('the care team shows functions and Lise’s ended access', async () => {
    const team = (await r.call('GET', `${plan}/participants`, cookies.ola)).json().items as {
      personId: string;
      role: string;
      functionTitle: string | null;
      organizationName: string | null;
      active: boolean;
    }[];
    const by = (id: string) => team.find((p) => p.personId === id);
    expect(by(DEMO_IDS.per)).toMatchObject({
      role: 'professional',
      functionTitle: 'Fysioterapeut',
      organizationName: 'Demo kommune',
      active: true,
    });
    expect(by(DEMO_IDS.lise)).toMatchObject({ functionTitle: 'Lærer', active: false });
    expect(by(DEMO_IDS.anne)?.role).toBe('guardian');
  });

  it('holds Ola’s consents, two goals (one sub-goal), two measures and his page', async () => {
    const consents = (await r.call('GET', `${plan}/consents`, cookies.kari)).json().items as {
      kind: string;
      method: string;
      givenBy: { id: string };
    }[];
    expect(consents).toHaveLength(4);
    expect(consents.every((c) => c.method === 'digital' && c.givenBy.id === DEMO_IDS.ola)).toBe(
      true,
    );
    const items = await t.db.query<{
      section: string;
      parent_id: string | null;
      data: Record<string, unknown>;
    }>('select section, parent_id, data from plan_items where plan_id = $1 order by id', [
      DEMO_PLAN_IDS.plan,
    ]);
    expect(items.map((i) => i.section)).toEqual(['goals', 'goals', 'measures', 'measures']);
    expect(items[1]?.parent_id).toBe(DEMO_PLAN_IDS.goals.ownHome);
    expect(items[2]?.data).toMatchObject({
      status: 'ongoing',
      goalIds: [DEMO_PLAN_IDS.goals.ownHome],
      responsibleParticipantId: DEMO_PLAN_IDS.participants.per,
    });
    const [aboutMe] = await t.db.query<{ updated_by: string; data: Record<string, string> }>(
      'select updated_by, data from about_me where plan_id = $1',
      [DEMO_PLAN_IDS.plan],
    );
    expect(aboutMe?.updated_by).toBe(DEMO_IDS.ola);
    expect(Object.keys(aboutMe?.data ?? {}).sort()).toEqual(
      ['background', 'myNeeds', 'myResources', 'whatMattersToMe'].sort(),
    );
  });

  it('holds the last care-team meeting, with approved minutes whose follow-up is Ola’s open task', async () => {
    const P = DEMO_PLAN_IDS.participants;
    const upcoming = await r.call('GET', `${plan}/meetings?scope=upcoming`, cookies.kari);
    expect(upcoming.json().items).toEqual([]);
    const list = (await r.call('GET', `${plan}/meetings`, cookies.ola)).json().items;
    expect(list).toEqual([expect.objectContaining({ id: DEMO_MEETING_IDS.meeting })]);

    const meeting = (
      await r.call('GET', `${plan}/meetings/${DEMO_MEETING_IDS.meeting}`, cookies.kari)
    ).json();
    expect(meeting).toMatchObject({
      title: 'Ansvarsgruppemøte',
      status: 'scheduled',
      createdBy: { id: DEMO_IDS.kari },
      hasMinutes: true,
    });
    const daysAgo = (Date.now() - Date.parse(meeting.startsAt)) / 86_400_000;
    expect(daysAgo).toBeGreaterThan(12);
    expect(daysAgo).toBeLessThan(16);
    expect(meeting.agenda).not.toBe('');
    const answers = Object.fromEntries(
      (meeting.invitees as { participantId: string; answer: string }[]).map((i) => [
        i.participantId,
        i.answer,
      ]),
    );
    expect(answers).toEqual({ [P.kari]: 'yes', [P.ola]: 'yes', [P.anne]: 'yes', [P.per]: 'no' });
    expect(meeting.agendaPoints).toEqual([
      expect.objectContaining({ addedBy: expect.objectContaining({ participantId: P.anne }) }),
    ]);
    expect(meeting.minutes).toMatchObject({
      approved: true,
      approvedBy: { id: DEMO_IDS.kari },
      decisions: [expect.any(String)],
      followups: [
        { id: DEMO_MEETING_IDS.followup, assigneeId: P.ola, taskId: DEMO_MEETING_IDS.task },
      ],
    });

    const tasks = (await r.call('GET', `${plan}/tasks?status=all`, cookies.kari)).json().items;
    expect(tasks).toEqual([
      expect.objectContaining({
        id: DEMO_MEETING_IDS.task,
        title: meeting.minutes.followups[0].text,
        status: 'open',
        meetingId: DEMO_MEETING_IDS.meeting,
        assignee: expect.objectContaining({ participantId: P.ola }),
      }),
    ]);
    expect(tasks[0].dueDate > new Date().toISOString().slice(0, 10)).toBe(true);
    const mine = (await r.call('GET', '/api/me/tasks', cookies.ola)).json().items;
    expect(mine.map((task: { id: string }) => task.id)).toEqual([DEMO_MEETING_IDS.task]);
  });

  it('holds a PDF Kari uploaded, downloaded byte for byte as stored', async () => {
    const documents = (await r.call('GET', `${plan}/documents`, cookies.per)).json().items;
    const pdf = demoAgreementPdf();
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    expect(documents).toEqual([
      expect.objectContaining({
        id: DEMO_DOCUMENT_IDS.schoolAgreement,
        name: DEMO_DOCUMENT_NAME,
        contentType: 'application/pdf',
        size: pdf.length,
        sha256,
        uploadedBy: expect.objectContaining({ participantId: DEMO_PLAN_IDS.participants.kari }),
      }),
    ]);
    const download = await r.call(
      'GET',
      `${plan}/documents/${DEMO_DOCUMENT_IDS.schoolAgreement}/content`,
      cookies.anne,
    );
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.rawPayload.equals(pdf)).toBe(true);
  });
});
