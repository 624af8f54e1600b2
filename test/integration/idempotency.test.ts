import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildPlanWorld, type PlanWorld } from '../helpers/plans.ts';
import type { WorldPerson } from './people-factories.ts';

/** M4: a POST retried with the same Idempotency-Key does its work once. */

let t: TestApp;
let w: PlanWorld;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildPlanWorld(t);
});
afterAll(() => t.close());

function post(by: WorldPerson, key: string | undefined, payload: Record<string, unknown>) {
  return t.app.inject({
    method: 'POST',
    url: `/api/plans/${w.plan.id}/goals`,
    headers: {
      cookie: by.cookie,
      origin: t.config.publicUrl,
      ...(key === undefined ? {} : { 'idempotency-key': key }),
    },
    payload,
  });
}

async function goalsTitled(title: string): Promise<number> {
  const [row] = await t.db.query<{ n: number }>(
    `select count(*)::int as n from plan_items where plan_id = $1 and data->>'title' = $2`,
    [w.plan.id, title],
  );
  return row?.n ?? 0;
}

describe('M4 Idempotency-Key on POSTs', () => {
  it('a repeat returns the first answer and creates nothing more', async () => {
    const first = await post(w.coord, 'goal-1', { title: 'Gå til skolen' });
    expect(first.statusCode).toBe(201);
    const again = await post(w.coord, 'goal-1', { title: 'Gå til skolen' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await goalsTitled('Gå til skolen')).toBe(1);
  });

  it('the same key with another body is 422 and does nothing', async () => {
    await post(w.coord, 'goal-2', { title: 'Sykle' });
    const other = await post(w.coord, 'goal-2', { title: 'Svømme' });
    expect(other.statusCode).toBe(422);
    expect(await goalsTitled('Svømme')).toBe(0);
  });

  it('keys belong to the person: another person’s equal key runs anew', async () => {
    await post(w.coord, 'shared-key', { title: 'Felles nøkkel' });
    const owner = await post(w.owner, 'shared-key', { title: 'Felles nøkkel' });
    expect(owner.statusCode).toBe(201);
    expect(owner.headers['idempotent-replayed']).toBeUndefined();
    expect(await goalsTitled('Felles nøkkel')).toBe(2);
  });

  it('a refusal is replayed as a refusal; without a key every POST runs', async () => {
    const refused = await post(w.proNone, 'denied', { title: 'Nei' });
    expect(refused.statusCode).toBe(403);
    expect((await post(w.proNone, 'denied', { title: 'Nei' })).statusCode).toBe(403);
    await post(w.coord, undefined, { title: 'Uten nøkkel' });
    await post(w.coord, undefined, { title: 'Uten nøkkel' });
    expect(await goalsTitled('Uten nøkkel')).toBe(2);
  });

  it('a malformed key is 400 naming the header', async () => {
    const res = await post(w.coord, 'ugyldig nøkkel med mellomrom', { title: 'x' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ errors: [{ field: 'Idempotency-Key' }] });
  });

  it('a repeat while the first still runs is 409', async () => {
    await post(w.coord, 'running', { title: 'Underveis' });
    // As if the first request were still between its claim and its answer.
    await t.db.query(
      `update idempotency_keys set status = null, response = null where person_id = $1 and key = 'running'`,
      [w.coord.id],
    );
    const res = await post(w.coord, 'running', { title: 'Underveis' });
    expect(res.statusCode).toBe(409);
    expect(res.headers['retry-after']).toBe('1');
    expect(await goalsTitled('Underveis')).toBe(1);
  });
});
