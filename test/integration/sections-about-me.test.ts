import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import {
  auditCount,
  buildSectionsWorld,
  expectNoLeaks,
  type SectionsWorld,
  send,
} from './sections-factories.ts';

let t: TestApp;
let w: SectionsWorld;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildSectionsWorld(t);
});
afterAll(async () => {
  try {
    expectNoLeaks(t, w);
  } finally {
    await t.close();
  }
});

const aboutMe = () => `/api/plans/${w.plan}/about-me`;

describe('about me (the owner’s own page)', () => {
  it('empty strings and version 0 before the first save', async () => {
    const res = await send(t, w, 'GET', aboutMe(), w.people.owner);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      whatMattersToMe: '',
      myResources: '',
      myNeeds: '',
      background: '',
      version: 0,
      updatedBy: null,
      updatedAt: null,
    });
  });

  it('first save with version 0, then the version read; a stale version is 409 and the old text is kept', async () => {
    const first = await send(t, w, 'PUT', aboutMe(), w.people.owner, {
      version: 0,
      whatMattersToMe: 'Fotball\nog venner',
      myNeeds: '<script>alert(1)</script>',
    });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      whatMattersToMe: 'Fotball\nog venner',
      myResources: '',
      myNeeds: '<script>alert(1)</script>',
      version: 1,
      updatedBy: { id: w.people.owner.id, name: 'Ola Planeier' },
    });
    const again = await send(t, w, 'PUT', aboutMe(), w.people.guardian, {
      version: 0,
      background: 'x',
    });
    expect(again.statusCode).toBe(409);

    const second = await send(t, w, 'PUT', aboutMe(), w.people.guardian, {
      version: 1,
      background: 'Bor med mor',
    });
    expect(second.json()).toMatchObject({
      whatMattersToMe: 'Fotball\nog venner',
      background: 'Bor med mor',
      version: 2,
      updatedBy: { name: 'Anne Mor' },
    });
    const stale = await send(t, w, 'PUT', aboutMe(), w.people.owner, {
      version: 1,
      background: 'Overskrevet?',
    });
    expect(stale.statusCode).toBe(409);
    const now = await send(t, w, 'GET', aboutMe(), w.people.professional);
    expect(now.json()).toMatchObject({ background: 'Bor med mor', version: 2 });

    const history = await send(t, w, 'GET', `${aboutMe()}/versions`, w.people.owner);
    expect(history.json()).toMatchObject({
      items: [
        {
          version: 1,
          whatMattersToMe: 'Fotball\nog venner',
          background: '',
          changedBy: { name: 'Ola Planeier' },
        },
      ],
      next: null,
    });
    expect(await auditCount(t, w.plan, 'section.created')).toBe(1);
    expect(await auditCount(t, w.plan, 'section.changed')).toBe(1);
  });

  it('refuses unknown fields and over-long text', async () => {
    for (const body of [
      { version: 2, diagnosis: 'x' },
      { version: 2, myNeeds: 'x'.repeat(10_001) },
      { myNeeds: 'x' },
      { version: -1 },
    ]) {
      const res = await send(t, w, 'PUT', aboutMe(), w.people.owner, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
  });
});
