import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentData } from '../../src/shared/schemas/documents.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import {
  buildPlanWorld,
  expireIn,
  makePlan,
  type PlanWorld,
  pid,
  planAudit,
  recorder,
} from '../helpers/plans.ts';
import { minimalPdf, multipart, upload, uploaded } from './documents-fixtures.ts';
import { addPerson } from './people-factories.ts';

/**
 * Who may do what with documents, through the access module (`section.read` /
 * `section.write` on `documents`): every role of the care team uploads (multipart — the
 * route matrix sends JSON, see route-matrix-entries.ts), lists, reads and downloads as the
 * written rules say; 403 for a section not granted, 404 for a plan one may not see.
 * Z12 (a child id belongs to its plan), F9 (deleted or revoked → 404), I7 (path
 * traversal → 404), Z13 (a grant revoked between the checks of an upload).
 */

let t: TestApp;
let w: PlanWorld;
let r: ReturnType<typeof recorder>;
let doc: DocumentData;
let otherDoc: DocumentData;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildPlanWorld(t);
  r = recorder(t);
  doc = await uploaded(t, w.plan.id, w.coord.cookie, 'Vedtak.pdf', minimalPdf());
  otherDoc = await uploaded(t, w.otherPlan.id, w.coord.cookie, 'Olgas vedtak.pdf', minimalPdf());
});
afterAll(async () => {
  try {
    r.expectNoLeaks(w.canaries);
  } finally {
    await t.close();
  }
});

const base = (planId = w.plan.id) => `/api/plans/${planId}/documents`;

type Who = keyof Pick<
  PlanWorld,
  | 'coord'
  | 'owner'
  | 'guardian'
  | 'relative'
  | 'relativeNoConsent'
  | 'proRead'
  | 'proNone'
  | 'expired'
  | 'removed'
  | 'coordB'
  | 'stranger'
  | 'admin'
  | 'coord2'
>;

/** What the written rules give each person on the main plan: read status, write status. */
const EXPECTED: Record<Who, { read: number; write: number }> = {
  coord: { read: 200, write: 201 },
  owner: { read: 200, write: 201 },
  guardian: { read: 200, write: 201 },
  // A relative reads documents by default; a professional granted `read` reads only.
  relative: { read: 200, write: 403 },
  proRead: { read: 200, write: 403 },
  // No sharing consent, or no grant: the plan is visible, the section is not.
  relativeNoConsent: { read: 403, write: 403 },
  proNone: { read: 403, write: 403 },
  // Access ended, removed, another municipality, nobody in the plan, the org admin (Z6).
  expired: { read: 404, write: 404 },
  removed: { read: 404, write: 404 },
  coordB: { read: 404, write: 404 },
  stranger: { read: 404, write: 404 },
  admin: { read: 404, write: 404 },
  coord2: { read: 404, write: 404 },
};
const everyone = Object.keys(EXPECTED) as Who[];

describe('each role, as the written rules say', () => {
  it('Z1, Z2, Z5, Z6: uploads (multipart): owner, guardian and coordinator 201; read-only 403; outsiders 404', async () => {
    for (const who of everyone) {
      const res = await upload(
        t,
        w.plan.id,
        w[who].cookie,
        multipart(`fra-${who}.txt`, Buffer.from(`fra ${who}`)),
      );
      expect(res.statusCode, `${who}: ${res.body}`).toBe(EXPECTED[who].write);
    }
  });

  it('a professional with write access uploads too (the default for professionals)', async () => {
    const pro = await addPerson(t, w, w.orgA, 'Frida Fysio');
    await t.db.query(
      `insert into participants (plan_id, person_id, role, created_by) values ($1, $2, 'professional', $3)`,
      [w.plan.id, pro.id, w.coord.id],
    );
    const blocked = await upload(t, w.plan.id, pro.cookie, multipart('a.txt', Buffer.from('a')));
    expect(blocked.statusCode, 'no sharing consent yet').toBe(403);
    await giveSharingConsent(
      pid({ ...w.plan, participants: await participantsOf(w.plan.id) }, pro),
    );
    const res = await upload(t, w.plan.id, pro.cookie, multipart('b.txt', Buffer.from('b')));
    expect(res.statusCode, res.body).toBe(201);
  });

  it('Z1, Z2, Z5, Z6: lists, reads metadata and downloads: the team with read access 200; 403 and 404 as above', async () => {
    for (const who of everyone) {
      const cookie = w[who].cookie;
      const expected = EXPECTED[who].read;
      expect((await r.call('GET', base(), cookie)).statusCode, `${who} list`).toBe(expected);
      expect((await r.call('GET', `${base()}/${doc.id}`, cookie)).statusCode, `${who} read`).toBe(
        expected,
      );
      const content = await r.call('GET', `${base()}/${doc.id}/content`, cookie);
      expect(content.statusCode, `${who} download`).toBe(expected);
      if (expected === 200) expect(content.rawPayload.equals(minimalPdf())).toBe(true);
    }
  });

  it('Z2, Z9: deletes: those with write access; read-only 403; outsiders 404', async () => {
    for (const who of everyone) {
      const mine = await uploaded(
        t,
        w.plan.id,
        w.coord.cookie,
        `slett-${who}.txt`,
        Buffer.from('x'),
      );
      const res = await r.call('DELETE', `${base()}/${mine.id}`, w[who].cookie);
      const expected = EXPECTED[who].write === 201 ? 204 : EXPECTED[who].write;
      expect(res.statusCode, who).toBe(expected);
    }
  });

  it('a closed plan is read-only for everybody (403 on upload and delete)', async () => {
    const closed = await makePlan(t, {
      organizationId: w.orgA,
      owner: w.otherOwner,
      coordinator: w.coord,
      status: 'closed',
    });
    const res = await upload(t, closed.id, w.coord.cookie, multipart('a.txt', Buffer.from('a')));
    expect(res.statusCode).toBe(403);
    expect((await r.call('GET', base(closed.id), w.otherOwner.cookie)).statusCode).toBe(200);
  });

  it('L2: refusals leave a denied audit row; nothing is read from a refused upload', async () => {
    const before = (await planAudit(t, w.plan.id, 'document.uploaded')).filter(
      (a) => a.outcome === 'denied',
    ).length;
    await upload(t, w.plan.id, w.proRead.cookie, multipart('nei.txt', Buffer.from('nei')));
    const denied = (await planAudit(t, w.plan.id, 'document.uploaded')).filter(
      (a) => a.outcome === 'denied',
    );
    expect(denied).toHaveLength(before + 1);
    expect(denied.at(-1)).toMatchObject({ actor_id: w.proRead.id, section: 'documents' });
    const [none] = await t.db.query<{ n: number }>(
      `select count(*)::int as n from documents where name = 'nei.txt'`,
    );
    expect(none?.n).toBe(0);
  });
});

describe('Z12, F9, I7: ids and paths', () => {
  it('Z12: another plan’s document through this plan’s path is 404, for every method', async () => {
    for (const url of [`${base()}/${otherDoc.id}`, `${base()}/${otherDoc.id}/content`]) {
      expect((await r.call('GET', url, w.coord.cookie)).statusCode, url).toBe(404);
    }
    expect((await r.call('DELETE', `${base()}/${otherDoc.id}`, w.coord.cookie)).statusCode).toBe(
      404,
    );
    const list = (await r.call('GET', `${base()}?limit=200`, w.coord.cookie)).json() as {
      items: DocumentData[];
    };
    expect(list.items.map((d) => d.id)).not.toContain(otherDoc.id);
    // The same request on its own plan works: the id exists, the pairing does not.
    expect(
      (await r.call('GET', `${base(w.otherPlan.id)}/${otherDoc.id}`, w.coord.cookie)).statusCode,
    ).toBe(200);
  });

  it('F9: a removed participant’s download is 404 at once', async () => {
    const pro = await addPerson(t, w, w.orgA, 'Rita Fjernet');
    const [row] = await t.db.query<{ id: string }>(
      `insert into participants (plan_id, person_id, role, access, created_by)
       values ($1, $2, 'relative', '{"documents":"read"}', $3) returning id`,
      [w.plan.id, pro.id, w.coord.id],
    );
    await giveSharingConsent(row?.id ?? '');
    const url = `${base()}/${doc.id}/content`;
    expect((await r.call('GET', url, pro.cookie)).statusCode).toBe(200);
    await t.db.query('update participants set removed_at = now(), removed_by = $2 where id = $1', [
      row?.id,
      w.coord.id,
    ]);
    expect((await r.call('GET', url, pro.cookie)).statusCode).toBe(404);
  });

  it('F9: access that ends (validUntil) ends downloads exactly then: 404', async () => {
    const pro = await addPerson(t, w, w.orgA, 'Tor Tidsbegrenset');
    const [row] = await t.db.query<{ id: string }>(
      `insert into participants (plan_id, person_id, role, created_by)
       values ($1, $2, 'professional', $3) returning id`,
      [w.plan.id, pro.id, w.coord.id],
    );
    const participantId = row?.id ?? '';
    await giveSharingConsent(participantId);
    const url = `${base()}/${doc.id}/content`;
    expect((await r.call('GET', url, pro.cookie)).statusCode).toBe(200);
    await expireIn(t, participantId, -1);
    expect((await r.call('GET', url, pro.cookie)).statusCode).toBe(404);
  });

  it('F9: a withdrawn grant is refused (403), a deleted document is 404 for everyone', async () => {
    await t.db.query(`update participants set access = '{"documents":"none"}' where id = $1`, [
      pid(w.plan, w.relative),
    ]);
    try {
      const url = `${base()}/${doc.id}/content`;
      expect((await r.call('GET', url, w.relative.cookie)).statusCode).toBe(403);
    } finally {
      await t.db.query(`update participants set access = '{}' where id = $1`, [
        pid(w.plan, w.relative),
      ]);
    }
    const gone = await uploaded(t, w.plan.id, w.coord.cookie, 'borte.pdf', minimalPdf());
    expect((await r.call('DELETE', `${base()}/${gone.id}`, w.coord.cookie)).statusCode).toBe(204);
    for (const who of [w.coord, w.owner, w.relative]) {
      expect((await r.call('GET', `${base()}/${gone.id}/content`, who.cookie)).statusCode).toBe(
        404,
      );
    }
  });

  it('I7: path traversal and malformed ids are 404, never a file', async () => {
    const attempts = [
      `${base()}/..%2F..%2F..%2Fetc%2Fpasswd/content`,
      `${base()}/../../../etc/passwd`,
      `${base()}/..%252F..%252Fetc%252Fpasswd/content`,
      `${base()}/%2e%2e%2f%2e%2e%2fetc%2fpasswd/content`,
      `${base()}/${doc.id}%2F..%2F${otherDoc.id}/content`,
      `${base()}/${doc.id}%00/content`,
      `${base()}/not-a-document/content`,
      `${base()}/${doc.id.toUpperCase()}x/content`,
      `/api/plans/..%2F${w.otherPlan.id}/documents/${otherDoc.id}/content`,
    ];
    for (const url of attempts) {
      const res = await r.call('GET', url, w.coord.cookie);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-disposition'], url).toBeUndefined();
    }
  });
});

describe('Z13: an upload re-checks access when it stores', () => {
  it('Z13: a grant that ends while the body streams stops the upload: nothing is stored', async () => {
    const pro = await addPerson(t, w, w.orgA, 'Siri Sluttdato');
    const [row] = await t.db.query<{ id: string }>(
      `insert into participants (plan_id, person_id, role, created_by)
       values ($1, $2, 'professional', $3) returning id`,
      [w.plan.id, pro.id, w.coord.id],
    );
    await giveSharingConsent(row?.id ?? '');
    // Access ends a moment from now: the check before the body passes, the one at storing fails.
    await expireIn(t, row?.id ?? '', 300);
    const body = multipart('sent.txt', Buffer.from('kom for sent'));
    const stream = Readable.from(
      (async function* () {
        yield body.payload.subarray(0, 50);
        await new Promise((resolve) => setTimeout(resolve, 600));
        yield body.payload.subarray(50);
      })(),
    );
    const started = Date.now();
    const res = await t.app.inject({
      method: 'POST',
      url: base(),
      headers: { cookie: pro.cookie, origin: t.config.publicUrl, 'content-type': body.contentType },
      payload: stream,
    });
    expect(res.statusCode).toBe(404);
    // The first check let the body in (it was read to the end); the second refused it.
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    const [count] = await t.db.query<{ n: number }>(
      `select count(*)::int as n from documents where name = 'sent.txt'`,
    );
    expect(count?.n).toBe(0);
  });
});

async function participantsOf(planId: string): Promise<Record<string, string>> {
  const rows = await t.db.query<{ id: string; personId: string }>(
    'select id, person_id as "personId" from participants where plan_id = $1',
    [planId],
  );
  return Object.fromEntries(rows.map((row) => [row.personId, row.id]));
}

async function giveSharingConsent(participantId: string): Promise<void> {
  await t.db.query(
    `insert into consents (plan_id, kind, participant_id, given_by, method, text_version, consent_text, recorded_by)
     select plan_id, 'sharing', $1, $2, 'paper', text_version, consent_text, $3
     from consents where plan_id = $4 and kind = 'plan' limit 1`,
    [participantId, w.owner.id, w.coord.id, w.plan.id],
  );
}
