import type { ItemSection } from '../../../shared/schemas/sections.ts';
import type { Queryable } from '../../db/index.ts';
import type { ItemData } from './definitions.ts';

/**
 * SQL of plan section items: plain parameterised statements, the same on both databases.
 * Every statement names the plan and the section, so an item of another plan or another
 * section is simply not found (Z12).
 */

export type ItemRow = {
  id: string;
  parentId: string | null;
  data: ItemData;
  version: number;
  createdById: string;
  createdByName: string;
  createdAt: Date;
  updatedById: string;
  updatedByName: string;
  updatedAt: Date;
  /** created_at in UTC with microseconds, for the paging cursor. */
  cursorAt: string;
};

export type Cursor = { at: string; id: string };

const COLUMNS = `i.id, i.parent_id as "parentId", i.data, i.version,
  i.created_by as "createdById", cb.name as "createdByName", i.created_at as "createdAt",
  i.updated_by as "updatedById", ub.name as "updatedByName", i.updated_at as "updatedAt",
  to_char(i.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "cursorAt"`;
// Names come from people, not participants: a participant removed later still shows.
const AUTHORS = 'join people cb on cb.id = i.created_by join people ub on ub.id = i.updated_by';

type ListInput = {
  planId: string;
  section: ItemSection;
  newestFirst: boolean;
  before: Cursor | null;
  limit: number;
};

/** Live items of a section, keyset-paged along plan_items_list_idx. */
export function listItems(db: Queryable, input: ListInput): Promise<ItemRow[]> {
  const params = [
    input.planId,
    input.section,
    input.before?.at ?? null,
    input.before?.id ?? null,
    input.limit,
  ];
  const where = `where i.plan_id = $1 and i.section = $2 and i.deleted_at is null`;
  if (input.newestFirst) {
    return db.query<ItemRow>(
      {
        name: 'section-items-newest',
        text: `select ${COLUMNS} from plan_items i ${AUTHORS} ${where}
          and ($3::timestamptz is null or (i.created_at, i.id) < ($3::timestamptz, $4::uuid))
          order by i.created_at desc, i.id desc limit $5`,
      },
      params,
    );
  }
  return db.query<ItemRow>(
    {
      name: 'section-items-oldest',
      text: `select ${COLUMNS} from plan_items i ${AUTHORS} ${where}
        and ($3::timestamptz is null or (i.created_at, i.id) > ($3::timestamptz, $4::uuid))
        order by i.created_at, i.id limit $5`,
    },
    params,
  );
}

/** One live item of this plan and section. */
export async function itemById(
  db: Queryable,
  planId: string,
  section: ItemSection,
  id: string,
): Promise<ItemRow | null> {
  const rows = await db.query<ItemRow>(
    {
      name: 'section-item-by-id',
      text: `select ${COLUMNS} from plan_items i ${AUTHORS}
        where i.id = $1 and i.plan_id = $2 and i.section = $3 and i.deleted_at is null`,
    },
    [id, planId, section],
  );
  return rows[0] ?? null;
}

export type LockedItem = {
  id: string;
  parentId: string | null;
  data: ItemData;
  version: number;
  updatedBy: string;
  updatedAt: Date;
  hasChildren: boolean;
};

/** One live item, locked for a change, and whether live items have it as parent. */
export async function lockItem(
  db: Queryable,
  planId: string,
  section: ItemSection,
  id: string,
): Promise<LockedItem | null> {
  const rows = await db.query<LockedItem>(
    {
      name: 'section-item-lock',
      text: `select i.id, i.parent_id as "parentId", i.data, i.version, i.updated_by as "updatedBy",
          i.updated_at as "updatedAt",
          exists (select 1 from plan_items c where c.plan_id = i.plan_id and c.section = i.section
            and c.parent_id = i.id and c.deleted_at is null) as "hasChildren"
        from plan_items i
        where i.id = $1 and i.plan_id = $2 and i.section = $3 and i.deleted_at is null
        for update of i`,
    },
    [id, planId, section],
  );
  return rows[0] ?? null;
}

export type LinkTarget = { id: string; target: string; topLevel: boolean };

/** Which of these ids are live items (any section) or present participants of the plan. */
export function linkTargets(
  db: Queryable,
  planId: string,
  itemIds: string[],
  participantIds: string[],
): Promise<LinkTarget[]> {
  return db.query<LinkTarget>(
    {
      name: 'section-link-targets',
      text: `select id, section as target, parent_id is null as "topLevel" from plan_items
          where plan_id = $1 and id = any($2::uuid[]) and deleted_at is null
        union all
        select id, 'participants', true from participants
          where plan_id = $1 and id = any($3::uuid[]) and removed_at is null`,
    },
    [planId, itemIds, participantIds],
  );
}

export async function insertItem(
  db: Queryable,
  input: {
    planId: string;
    section: ItemSection;
    parentId: string | null;
    data: ItemData;
    by: string;
  },
): Promise<ItemRow> {
  const rows = await db.query<ItemRow>(
    {
      name: 'section-item-insert',
      text: `with i as (
          insert into plan_items (plan_id, section, parent_id, data, created_by, updated_by)
          values ($1, $2, $3, $4::jsonb, $5, $5) returning *)
        select ${COLUMNS} from i ${AUTHORS}`,
    },
    [input.planId, input.section, input.parentId, JSON.stringify(input.data), input.by],
  );
  const row = rows[0];
  if (!row) throw new Error('insert into plan_items returned no row');
  return row;
}

/**
 * Keeps the locked item's current version in plan_item_versions and writes the new one;
 * `kept` is what the history shows of the old version.
 */
export async function updateItem(
  db: Queryable,
  old: LockedItem,
  kept: ItemData,
  next: { parentId: string | null; data: ItemData; by: string },
): Promise<ItemRow> {
  await db.query(
    {
      name: 'section-item-keep-version',
      text: `insert into plan_item_versions (item_id, version, data, changed_by, changed_at)
        values ($1, $2, $3::jsonb, $4, $5)`,
    },
    [old.id, old.version, JSON.stringify(kept), old.updatedBy, old.updatedAt],
  );
  const rows = await db.query<ItemRow>(
    {
      name: 'section-item-update',
      text: `with i as (
          update plan_items set data = $3::jsonb, parent_id = $4, version = version + 1,
            updated_by = $5, updated_at = now()
          where id = $1 and version = $2 returning *)
        select ${COLUMNS} from i ${AUTHORS}`,
    },
    [old.id, old.version, JSON.stringify(next.data), next.parentId, next.by],
  );
  const row = rows[0];
  if (!row) throw new Error('update of a locked plan item changed no row');
  return row;
}

/** Soft delete: the row and its versions stay, out of every list. */
export async function deleteItem(db: Queryable, id: string, by: string): Promise<void> {
  await db.query(
    {
      name: 'section-item-delete',
      text: 'update plan_items set deleted_at = now(), deleted_by = $2 where id = $1 and deleted_at is null',
    },
    [id, by],
  );
}

export type VersionRow = {
  version: number;
  data: ItemData;
  changedById: string;
  changedByName: string;
  changedAt: Date;
};

/** Earlier versions of an item, newest first, before version `before` if given. */
export function itemVersions(
  db: Queryable,
  itemId: string,
  before: number | null,
  limit: number,
): Promise<VersionRow[]> {
  return db.query<VersionRow>(
    {
      name: 'section-item-versions',
      text: `select v.version, v.data, v.changed_by as "changedById", p.name as "changedByName",
          v.changed_at as "changedAt"
        from plan_item_versions v join people p on p.id = v.changed_by
        where v.item_id = $1 and ($2::int is null or v.version < $2::int)
        order by v.version desc limit $3`,
    },
    [itemId, before, limit],
  );
}
