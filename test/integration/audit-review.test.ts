import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewAudit } from '../../src/server/modules/audit-review/review.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import {
  addPerson,
  buildWorld,
  call,
  errorFields,
  leakedCanaries,
  type World,
  type WorldPerson,
} from './people-factories.ts';

/**
 * SECURITY.md L6: the review job flags unusual reading (bulk, outside grants, at night)
 * from the audit trail, once per hour reviewed; the organisation's administrator sees the
 * flags of their own people and marks them reviewed. Audit rows are seeded with SQL, as
 * the requests would have written them.
 */

let t: TestApp;
let w: World;
let adminB: WorldPerson;
let bulkReader: WorldPerson;
let heavyReader: WorldPerson;
let prober: WorldPerson;
let normalReader: WorldPerson;
let nightReader: WorldPerson;
let owner: WorldPerson;
let readerB: WorldPerson;
const bodies: string[] = [];

/** Yesterday at this hour, Norwegian time, as SQL: a whole hour long gone. */
const osloYesterday = (hour: number) =>
  `((date_trunc('day', now() at time zone 'Europe/Oslo') - interval '1 day' + interval '${hour} hours') at time zone 'Europe/Oslo')`;
const DAY_HOUR = osloYesterday(12);
const NIGHT_HOUR = osloYesterday(2);

/**
 * `reads` plan-content reads by `person`, spread over `plans` plans (fresh ids), in the
 * hour starting at `hour` (SQL); outcome `denied` for refused attempts.
 */
async function seed(
  person: WorldPerson,
  hour: string,
  { plans, reads, outcome = 'ok', role = 'professional', planId = null }: SeedOptions,
): Promise<void> {
  await t.db.query(
    `with p as (select i, gen_random_uuid() as id from generate_series(0, $2::int - 1) i)
     insert into audit_log (at, actor_id, actor_role, organization_id, action, plan_id, section,
       outcome, ip, request_id)
     select ${hour} + make_interval(secs => (r * 3599.0 / $3::int)), $1, $5, $6,
       'section.read', coalesce($7::uuid, p.id), 'goals', $4, '10.0.0.9', 'seed-' || r
     from generate_series(0, $3::int - 1) r join p on p.i = r % $2::int`,
    [person.id, plans, reads, outcome, role, person.organizationId, planId],
  );
}
type SeedOptions = {
  plans: number;
  reads: number;
  outcome?: 'ok' | 'denied';
  role?: string;
  planId?: string | null;
};

async function flags(): Promise<Record<string, unknown>[]> {
  return t.db.query(`select * from audit_flags order by person_id, kind`);
}

async function setWatermark(sql: string): Promise<void> {
  await t.db.query(`update audit_review_state set reviewed_until = ${sql}`);
}

type FlagView = {
  id: string;
  kind: string;
  reader: { id: string; name: string; role: string | null };
  periodStart: string;
  periodEnd: string;
  planCount: number;
  readCount: number;
  deniedCount: number;
  reviewedAt: string | null;
  reviewedBy: { id: string; name: string } | null;
  note: string | null;
};

async function send(method: 'GET' | 'POST', url: string, who: WorldPerson, body?: unknown) {
  const res = await call(t, method, url, who.cookie, body);
  bodies.push(res.body);
  return res;
}

const list = async (who: WorldPerson, query = '') => {
  const res = await send('GET', `/api/admin/audit-flags${query}`, who);
  return { res, items: res.statusCode === 200 ? (res.json().items as FlagView[]) : [] };
};

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t);
  adminB = await addPerson(t, w, w.orgB, 'Berit Admin', ['org_admin']);
  bulkReader = await addPerson(t, w, w.orgA, 'Bjørn Bredleser');
  heavyReader = await addPerson(t, w, w.orgA, 'Hege Mengdeleser');
  prober = await addPerson(t, w, w.orgA, 'Per Prøver');
  normalReader = await addPerson(t, w, w.orgA, 'Nora Vanlig', ['coordinator']);
  nightReader = await addPerson(t, w, w.orgA, 'Natt Leser');
  owner = await addPerson(t, w, w.orgA, 'Olav Eier');
  readerB = await addPerson(t, w, w.orgB, 'Bodil Annenkommune');

  // Everything from three days back is still to be reviewed.
  await setWatermark(`date_trunc('hour', now(), 'UTC') - interval '3 days'`);
  // bulk: 25 plans in one hour (more than 20).
  await seed(bulkReader, DAY_HOUR, { plans: 25, reads: 50 });
  // bulk: 310 reads of one plan in one hour (more than 300).
  await seed(heavyReader, DAY_HOUR, { plans: 1, reads: 310 });
  // denied: 12 refused attempts on 12 plans in one hour (10 or more), and a few reads.
  await seed(prober, DAY_HOUR, { plans: 12, reads: 12, outcome: 'denied' });
  await seed(prober, DAY_HOUR, { plans: 2, reads: 4 });
  // An ordinary busy hour: 18 plans, 200 reads, 3 refusals; 20 plans the hour after.
  await seed(normalReader, DAY_HOUR, { plans: 18, reads: 200, role: 'coordinator' });
  await seed(normalReader, DAY_HOUR, { plans: 3, reads: 3, outcome: 'denied' });
  await seed(normalReader, osloYesterday(13), { plans: 20, reads: 40, role: 'coordinator' });
  // The owner in their own plan, however often, is nobody else's business.
  const ownPlan = '00000000-0000-4000-8000-000000000001';
  await seed(owner, DAY_HOUR, { plans: 1, reads: 400, role: 'owner', planId: ownPlan });
  // night: 40 reads at 02–03 Norwegian time (more than 30); 10 at night is nothing.
  await seed(nightReader, NIGHT_HOUR, { plans: 4, reads: 40 });
  await seed(normalReader, NIGHT_HOUR, { plans: 2, reads: 10, role: 'coordinator' });
  // Another municipality's bulk reader.
  await seed(readerB, DAY_HOUR, { plans: 30, reads: 30 });
});

afterAll(async () => {
  try {
    expect(leakedCanaries(bodies.join('\n'), w.canaries)).toEqual([]);
  } finally {
    await t.close();
  }
});

describe('the audit review job (L6)', () => {
  let flagIdA: string;
  let flagIdB: string;

  it('flags exactly the bulk readers, the prober and the night reader, each with its counts', async () => {
    const batches = await reviewAudit(t.db);
    // Three days and some hours, a day per transaction, each continuing the last.
    expect(batches.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < batches.length; i++) {
      expect(batches[i]?.from.getTime()).toBe(batches[i - 1]?.to.getTime());
    }
    const [state] = await t.db.query<{ until: Date; expected: Date }>(
      `select reviewed_until as until,
         date_trunc('hour', now() - interval '5 minutes', 'UTC') as expected
       from audit_review_state`,
    );
    expect(state?.until.toISOString()).toBe(state?.expected.toISOString());

    const rows = await t.db.query<{
      person_id: string;
      organization_id: string;
      kind: string;
      reader_role: string | null;
      plan_count: number;
      read_count: number;
      denied_count: number;
      hours: number;
    }>(
      `select person_id, organization_id, kind, reader_role, plan_count, read_count, denied_count,
         extract(epoch from period_end - period_start)::int / 3600 as hours
       from audit_flags order by kind, read_count`,
    );
    const expected = [
      [readerB, 'bulk', 30, 30, 0],
      [bulkReader, 'bulk', 25, 50, 0],
      [heavyReader, 'bulk', 1, 310, 0],
      [prober, 'denied', 2, 4, 12],
      [nightReader, 'night', 4, 40, 0],
    ] as const;
    expect(rows).toEqual(
      expected.map(([person, kind, plans, reads, denied]) => ({
        person_id: person.id,
        organization_id: person.organizationId,
        kind,
        reader_role: 'professional',
        plan_count: plans,
        read_count: reads,
        denied_count: denied,
        hours: 1,
      })),
    );
    const [bulk] = await t.db.query<{ starts: Date; expected: Date }>(
      `select period_start as starts, date_trunc('hour', ${DAY_HOUR}, 'UTC') as expected
       from audit_flags where person_id = $1`,
      [bulkReader.id],
    );
    expect(bulk?.starts.toISOString()).toBe(bulk?.expected.toISOString());
  });

  it('a second run adds nothing, and reviewing the same hours again adds no duplicate', async () => {
    const before = await flags();
    expect(await reviewAudit(t.db)).toEqual([]);
    expect(await flags()).toEqual(before);
    // As if the watermark had not been saved: the same period once more.
    await setWatermark(`date_trunc('hour', now(), 'UTC') - interval '3 days'`);
    const again = await reviewAudit(t.db);
    expect(again.length).toBeGreaterThan(0);
    expect(again.reduce((sum, batch) => sum + batch.flags, 0)).toBe(0);
    expect(await flags()).toEqual(before);
  });

  it('L4: a flag holds ids and counts only, never content, names, national ids, phones or e-mail', async () => {
    const rows = await flags();
    expect(Object.keys(rows[0] ?? {}).sort()).toEqual(
      [
        'id',
        'organization_id',
        'person_id',
        'reader_role',
        'kind',
        'period_start',
        'period_end',
        'plan_count',
        'read_count',
        'denied_count',
        'created_at',
        'reviewed_at',
        'reviewed_by',
        'note',
      ].sort(),
    );
    const text = JSON.stringify(rows);
    expect(leakedCanaries(text, w.canaries)).toEqual([]);
    for (const person of [bulkReader, prober, nightReader, owner, readerB]) {
      expect(text).not.toContain(person.name);
    }
  });

  it('runs as the scheduled pg-boss job `audit-review`', async () => {
    await setWatermark(
      `date_trunc('hour', now() - interval '5 minutes', 'UTC') - interval '2 hours'`,
    );
    const count = (await flags()).length;
    await t.app.background.start();
    await t.app.background.jobs.boss.send('audit-review', {});
    const caughtUp = async () => {
      const [row] = await t.db.query<{ done: boolean }>(
        `select reviewed_until = date_trunc('hour', now() - interval '5 minutes', 'UTC') as done
         from audit_review_state`,
      );
      return row?.done;
    };
    await expect.poll(caughtUp, { timeout: 10_000, interval: 100 }).toBe(true);
    expect((await flags()).length).toBe(count);
  });

  it('the organisation administrator sees the open flags of their own people, newest first, with names and roles', async () => {
    const { res, items } = await list(w.adminA);
    expect(res.statusCode).toBe(200);
    const day = items.filter((f) => f.kind !== 'night');
    expect(new Set(day.map((f) => f.reader.id))).toEqual(
      new Set([bulkReader.id, heavyReader.id, prober.id]),
    );
    // The night flag is of an earlier hour, so it comes last.
    expect(items.map((f) => f.kind).at(-1)).toBe('night');
    expect(items).toHaveLength(4);
    const bulk = items.find((f) => f.reader.id === bulkReader.id);
    expect(bulk).toMatchObject({
      kind: 'bulk',
      reader: { id: bulkReader.id, name: 'Bjørn Bredleser', role: 'professional' },
      planCount: 25,
      readCount: 50,
      deniedCount: 0,
      reviewedAt: null,
      reviewedBy: null,
      note: null,
    });
    expect(Date.parse(bulk?.periodEnd ?? '') - Date.parse(bulk?.periodStart ?? '')).toBe(3_600_000);
    // No plan, title or owner in any flag.
    expect(res.body).not.toMatch(/plan_?id|title|owner/i);
    flagIdA = bulk?.id ?? '';

    const other = await list(adminB);
    expect(other.items.map((f) => f.reader.id)).toEqual([readerB.id]);
    flagIdB = other.items[0]?.id ?? '';

    // Reading the list is recorded.
    const [audit] = await t.db.query<{ n: number }>(
      `select count(*)::int as n from audit_log where action = 'auditFlag.list' and actor_id = $1 and outcome = 'ok'`,
      [w.adminA.id],
    );
    expect(audit?.n).toBeGreaterThan(0);
  });

  it('pages with limit and an opaque cursor; a bad cursor or limit is 400 naming the field', async () => {
    const first = await list(w.adminA, '?limit=3');
    expect(first.items).toHaveLength(3);
    const next = first.res.json().next as string;
    expect(next).toEqual(expect.any(String));
    const second = await list(w.adminA, `?limit=3&before=${next}`);
    expect(second.items).toHaveLength(1);
    expect(second.res.json().next).toBeNull();
    const bad = await send('GET', '/api/admin/audit-flags?before=xyz', w.adminA);
    expect(bad.statusCode).toBe(400);
    expect(errorFields(bad)).toEqual(['before']);
    const limit = await send('GET', '/api/admin/audit-flags?limit=0', w.adminA);
    expect(limit.statusCode).toBe(400);
    expect(errorFields(limit)).toEqual(['limit']);
  });

  it('Z6, Z9: coordinators, professionals and owners are refused (403), and the refusal is recorded (L2)', async () => {
    const flagUrl = `/api/admin/audit-flags/${flagIdA}/review`;
    for (const who of [w.coordA, normalReader, bulkReader, owner, w.citizenA, w.coordB]) {
      expect((await send('GET', '/api/admin/audit-flags', who)).statusCode, who.name).toBe(403);
      expect((await send('POST', flagUrl, who, {})).statusCode, who.name).toBe(403);
    }
    const denied = await t.db.query<{ action: string }>(
      `select action from audit_log where actor_id = $1 and outcome = 'denied' order by at`,
      [w.coordA.id],
    );
    expect(denied.map((row) => row.action)).toEqual(['auditFlag.list', 'auditFlag.reviewed']);
  });

  it('Z5: another organisation’s flag is 404 for its administrator, as is an unknown or malformed id', async () => {
    expect(
      (await send('POST', `/api/admin/audit-flags/${flagIdB}/review`, w.adminA, {})).statusCode,
    ).toBe(404);
    expect(
      (await send('POST', `/api/admin/audit-flags/${flagIdA}/review`, adminB, {})).statusCode,
    ).toBe(404);
    const unknown = '00000000-0000-4000-8000-00000000ffff';
    expect(
      (await send('POST', `/api/admin/audit-flags/${unknown}/review`, w.adminA, {})).statusCode,
    ).toBe(404);
    expect(
      (await send('POST', '/api/admin/audit-flags/nope/review', w.adminA, {})).statusCode,
    ).toBe(404);
    const [row] = await t.db.query<{ reviewed: boolean }>(
      'select reviewed_at is not null as reviewed from audit_flags where id = $1',
      [flagIdB],
    );
    expect(row?.reviewed).toBe(false);
  });

  it('the body is checked: unknown fields, a note too long or with control characters is 400 naming the field', async () => {
    const url = `/api/admin/audit-flags/${flagIdA}/review`;
    const extra = await send('POST', url, w.adminA, { note: 'ok', reviewedBy: w.coordA.id });
    expect(extra.statusCode).toBe(400);
    expect(extra.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(errorFields(extra)).toEqual(['reviewedBy']);
    const long = await send('POST', url, w.adminA, { note: 'x'.repeat(1001) });
    expect(long.statusCode).toBe(400);
    expect(errorFields(long)).toEqual(['note']);
    const control = await send('POST', url, w.adminA, { note: 'a\u0007b' });
    expect(errorFields(control)).toEqual(['note']);
    const number = await send('POST', url, w.adminA, { note: 5 });
    expect(errorFields(number)).toEqual(['note']);
  });

  it('marks a flag reviewed by whom and when, with the note, in one transaction with its audit row', async () => {
    const url = `/api/admin/audit-flags/${flagIdA}/review`;
    const res = await send('POST', url, w.adminA, {
      note: '  Sjekket med lederen: ryddet i lister.  ',
    });
    expect(res.statusCode).toBe(200);
    const flag = res.json() as FlagView;
    expect(flag).toMatchObject({
      id: flagIdA,
      reviewedBy: { id: w.adminA.id, name: 'Siri Admin' },
      note: 'Sjekket med lederen: ryddet i lister.',
    });
    expect(Date.now() - Date.parse(flag.reviewedAt ?? '')).toBeLessThan(60_000);
    const audit = await t.db.query<{
      actor_id: string;
      outcome: string;
      object_id: string;
      organization_id: string;
      details: Record<string, unknown>;
    }>(
      `select actor_id, outcome, object_id, organization_id, details from audit_log
       where request_id = $1`,
      [String(res.headers['x-request-id'])],
    );
    expect(audit).toEqual([
      {
        actor_id: w.adminA.id,
        outcome: 'ok',
        object_id: flagIdA,
        organization_id: w.orgA,
        details: { kind: 'bulk' },
      },
    ]);
    // Gone from the open flags; a second review is a conflict and changes nothing.
    const { items } = await list(w.adminA);
    expect(items.map((f) => f.id)).not.toContain(flagIdA);
    const again = await send('POST', url, w.adminA, { note: 'igjen' });
    expect(again.statusCode).toBe(409);
    const [row] = await t.db.query<{ note: string }>('select note from audit_flags where id = $1', [
      flagIdA,
    ]);
    expect(row?.note).toBe('Sjekket med lederen: ryddet i lister.');
  });

  it('without a note, or with a blank one, the flag is reviewed with no note; nobody reviews a flag about themself', async () => {
    const { items } = await list(w.adminA);
    const denied = items.find((f) => f.kind === 'denied');
    const res = await send('POST', `/api/admin/audit-flags/${denied?.id}/review`, w.adminA, {
      note: '   ',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ note: null, reviewedBy: { id: w.adminA.id } });
    const heavy = items.find((f) => f.reader.id === heavyReader.id);
    const empty = await call(
      t,
      'POST',
      `/api/admin/audit-flags/${heavy?.id}/review`,
      w.adminA.cookie,
    );
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toMatchObject({ note: null });

    const [own] = await t.db.query<{ id: string }>(
      `insert into audit_flags (organization_id, person_id, kind, period_start, period_end,
         plan_count, read_count, denied_count)
       values ($1, $2, 'night', date_trunc('hour', now(), 'UTC') - interval '5 hours',
         date_trunc('hour', now(), 'UTC') - interval '4 hours', 3, 45, 0)
       returning id`,
      [w.orgA, w.adminA.id],
    );
    const self = await send('POST', `/api/admin/audit-flags/${own?.id}/review`, w.adminA, {});
    expect(self.statusCode).toBe(403);
    // Another administrator of the organisation does it.
    const adminA2 = await addPerson(t, w, w.orgA, 'Aslak Admin', ['org_admin']);
    const other = await send('POST', `/api/admin/audit-flags/${own?.id}/review`, adminA2, {});
    expect(other.statusCode).toBe(200);
  });
});
