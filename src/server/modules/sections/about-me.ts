import {
  ABOUT_ME_FIELDS,
  type AboutMeDataView,
  type AboutMeVersionView,
  type AboutMeView,
  type PageInput,
  type PutAboutMeInput,
} from '../../../shared/schemas/sections.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Queryable } from '../../db/index.ts';
import { HttpProblem } from '../../http/problem.ts';
import type { AuditContext } from '../audit/service.ts';
import { type GuardDeps, inPlan } from './guard.ts';
import { decodeVersionCursor, iso, pageOf } from './paging.ts';

/**
 * The owner's own page (aboutMe): one text per heading, versioned like the items; the
 * first save sends version 0, every later one the version read (stale → 409).
 */

type AboutMeRow = {
  data: Partial<AboutMeDataView>;
  version: number;
  updatedBy: string;
  updatedByName: string;
  updatedAt: Date;
};

type VersionRow = {
  data: Partial<AboutMeDataView>;
  version: number;
  changedById: string;
  changedByName: string;
  changedAt: Date;
};

const EMPTY: AboutMeDataView = {
  whatMattersToMe: '',
  myResources: '',
  myNeeds: '',
  background: '',
};

const texts = (data: Partial<AboutMeDataView>): AboutMeDataView => ({ ...EMPTY, ...data });

const stale = () =>
  new HttpProblem(409, {
    detail: 'Somebody saved this page since you read it; reload it and try again',
  });

function present(row: AboutMeRow | undefined): AboutMeView {
  if (!row) return { ...EMPTY, version: 0, updatedBy: null, updatedAt: null };
  return {
    ...texts(row.data),
    version: row.version,
    updatedBy: { id: row.updatedBy, name: row.updatedByName },
    updatedAt: iso(row.updatedAt),
  };
}

const SELECT = `select a.data, a.version, a.updated_by as "updatedBy", p.name as "updatedByName",
  a.updated_at as "updatedAt"`;

async function current(
  db: Queryable,
  planId: string,
  lock: boolean,
): Promise<AboutMeRow | undefined> {
  const rows = await db.query<AboutMeRow>(
    lock
      ? {
          name: 'about-me-lock',
          text: `${SELECT} from about_me a join people p on p.id = a.updated_by where a.plan_id = $1 for update of a`,
        }
      : {
          name: 'about-me-read',
          text: `${SELECT} from about_me a join people p on p.id = a.updated_by where a.plan_id = $1`,
        },
    [planId],
  );
  return rows[0];
}

async function firstSave(
  db: Queryable,
  planId: string,
  data: AboutMeDataView,
  by: string,
): Promise<AboutMeRow | undefined> {
  const rows = await db.query<AboutMeRow>(
    {
      name: 'about-me-insert',
      text: `with a as (insert into about_me (plan_id, data, updated_by) values ($1, $2::jsonb, $3)
          on conflict (plan_id) do nothing returning *)
        ${SELECT} from a join people p on p.id = a.updated_by`,
    },
    [planId, JSON.stringify(data), by],
  );
  return rows[0];
}

async function nextSave(
  db: Queryable,
  planId: string,
  old: AboutMeRow,
  data: AboutMeDataView,
  by: string,
): Promise<AboutMeRow | undefined> {
  await db.query(
    {
      name: 'about-me-keep-version',
      text: `insert into about_me_versions (plan_id, version, data, changed_by, changed_at)
        values ($1, $2, $3::jsonb, $4, $5)`,
    },
    [planId, old.version, JSON.stringify(texts(old.data)), old.updatedBy, old.updatedAt],
  );
  const rows = await db.query<AboutMeRow>(
    {
      name: 'about-me-update',
      text: `with a as (update about_me set data = $3::jsonb, version = version + 1, updated_by = $4,
          updated_at = now() where plan_id = $1 and version = $2 returning *)
        ${SELECT} from a join people p on p.id = a.updated_by`,
    },
    [planId, old.version, JSON.stringify(data), by],
  );
  return rows[0];
}

export function createAboutMeService(deps: GuardDeps) {
  const attempt = (planId: string, action: 'section.read' | 'section.write', audit: string) =>
    ({ planId, section: 'aboutMe', action, audit }) as const;

  return {
    read(context: AuditContext, actor: Actor, planId: string): Promise<AboutMeView> {
      return inPlan(
        deps,
        context,
        actor,
        attempt(planId, 'section.read', 'section.read'),
        async ({ tx, audit }) => {
          const row = await current(tx, planId, false);
          await audit();
          return present(row);
        },
      );
    },

    versions(
      context: AuditContext,
      actor: Actor,
      planId: string,
      query: PageInput,
    ): Promise<{ items: AboutMeVersionView[]; next: string | null }> {
      const before = decodeVersionCursor(query.before);
      return inPlan(
        deps,
        context,
        actor,
        attempt(planId, 'section.read', 'section.read'),
        async ({ tx, audit }) => {
          const rows = await tx.query<VersionRow>(
            {
              name: 'about-me-versions',
              text: `select v.data, v.version, v.changed_by as "changedById", p.name as "changedByName",
                v.changed_at as "changedAt"
              from about_me_versions v join people p on p.id = v.changed_by
              where v.plan_id = $1 and ($2::int is null or v.version < $2::int)
              order by v.version desc limit $3`,
            },
            [planId, before, query.limit + 1],
          );
          await audit();
          return pageOf(
            rows,
            query.limit,
            (row) => ({
              ...texts(row.data),
              version: row.version,
              changedBy: { id: row.changedById, name: row.changedByName },
              changedAt: iso(row.changedAt),
            }),
            (row) => String(row.version),
          );
        },
      );
    },

    save(
      context: AuditContext,
      actor: Actor,
      planId: string,
      input: PutAboutMeInput,
    ): Promise<AboutMeView> {
      const action = input.version === 0 ? 'section.created' : 'section.changed';
      return inPlan(
        deps,
        context,
        actor,
        attempt(planId, 'section.write', action),
        async ({ tx, audit }) => {
          const given: Partial<AboutMeDataView> = {};
          for (const field of ABOUT_ME_FIELDS) {
            const value = input[field];
            if (value !== undefined) given[field] = value;
          }
          let saved: AboutMeRow | undefined;
          if (input.version === 0) {
            saved = await firstSave(tx, planId, texts(given), actor.personId);
          } else {
            const old = await current(tx, planId, true);
            if (old?.version === input.version) {
              saved = await nextSave(
                tx,
                planId,
                old,
                { ...texts(old.data), ...given },
                actor.personId,
              );
            }
          }
          if (!saved) throw stale();
          await audit();
          return present(saved);
        },
      );
    },
  };
}
