import type { ItemListInput, PageInput } from '../../../shared/schemas/sections.ts';
import type { Actor } from '../../auth/actor.ts';
import { badRequest, HttpProblem, notFound } from '../../http/problem.ts';
import type { AuditContext } from '../audit/service.ts';
import type { ItemData, SectionDefinition } from './definitions.ts';
import { type Attempt, type GuardDeps, inPlan, type Work } from './guard.ts';
import {
  decodeTimeCursor,
  decodeVersionCursor,
  encodeTimeCursor,
  iso,
  isUuid,
  pageOf,
} from './paging.ts';
import {
  deleteItem,
  type ItemRow,
  insertItem,
  itemById,
  itemVersions,
  listItems,
  lockItem,
  updateItem,
  type VersionRow,
} from './queries.ts';
import { checkLinks, mergedFields, newFields } from './rules.ts';

/**
 * The use cases of every item section (goals, measures, evaluations, log, contributions,
 * cooperation), driven by the section's definition: list, read, history, create, edit with
 * a version check, soft delete. Each runs in one transaction with its access check and
 * its one audit row.
 */

export type Page = { items: ItemData[]; next: string | null };
/** Who asks, about which plan and section: what every use case starts from. */
export type ItemRequest = {
  context: AuditContext;
  actor: Actor;
  planId: string;
  def: SectionDefinition;
};

const staleVersion = () =>
  new HttpProblem(409, {
    detail: 'Somebody changed this item since you read it; reload it and try again',
  });

function present(def: SectionDefinition, row: ItemRow): ItemData {
  return {
    ...row.data,
    ...(def.parentField ? { [def.parentField]: row.parentId } : {}),
    id: row.id,
    version: row.version,
    createdBy: { id: row.createdById, name: row.createdByName },
    createdAt: iso(row.createdAt),
    updatedBy: { id: row.updatedById, name: row.updatedByName },
    updatedAt: iso(row.updatedAt),
  };
}

function presentVersion(row: VersionRow): ItemData {
  return {
    ...row.data,
    version: row.version,
    changedBy: { id: row.changedById, name: row.changedByName },
    changedAt: iso(row.changedAt),
  };
}

function attempt(r: ItemRequest, audit: string, itemId?: string): Attempt {
  return {
    planId: r.planId,
    section: r.def.section,
    action: audit === 'section.read' ? 'section.read' : 'section.write',
    audit,
    objectId: itemId !== undefined && isUuid(itemId) ? itemId : null,
  };
}

export function createItemsService(deps: GuardDeps) {
  const run = <T>(r: ItemRequest, a: Attempt, work: Work<T>) =>
    inPlan(deps, r.context, r.actor, a, work);

  return {
    list(r: ItemRequest, query: ItemListInput): Promise<Page> {
      const before = decodeTimeCursor(query.before);
      return run(r, attempt(r, 'section.read'), async ({ tx, audit }) => {
        const rows = await listItems(tx, {
          planId: r.planId,
          section: r.def.section,
          newestFirst: (query.sort ?? r.def.order) === 'newest',
          before,
          limit: query.limit + 1,
        });
        await audit();
        return pageOf(rows, query.limit, (row) => present(r.def, row), encodeTimeCursor);
      });
    },

    read(r: ItemRequest, itemId: string): Promise<ItemData> {
      return run(r, attempt(r, 'section.read', itemId), async ({ tx, audit }) => {
        const row = isUuid(itemId) ? await itemById(tx, r.planId, r.def.section, itemId) : null;
        if (!row) throw notFound();
        await audit();
        return present(r.def, row);
      });
    },

    versions(r: ItemRequest, itemId: string, query: PageInput): Promise<Page> {
      const before = decodeVersionCursor(query.before);
      return run(r, attempt(r, 'section.read', itemId), async ({ tx, audit }) => {
        const row = isUuid(itemId) ? await itemById(tx, r.planId, r.def.section, itemId) : null;
        if (!row) throw notFound();
        const rows = await itemVersions(tx, row.id, before, query.limit + 1);
        await audit();
        return pageOf(rows, query.limit, presentVersion, (v) => String(v.version));
      });
    },

    create(r: ItemRequest, body: ItemData): Promise<ItemData> {
      return run(r, attempt(r, 'section.created'), async ({ tx, actor, audit }) => {
        const fields = newFields(r.def, body);
        await checkLinks(tx, r.def, r.planId, fields, null);
        const row = await insertItem(tx, {
          planId: r.planId,
          section: r.def.section,
          parentId: fields.parentId,
          data: fields.data,
          by: actor.personId,
        });
        await audit({ objectId: row.id });
        return present(r.def, row);
      });
    },

    update(
      r: ItemRequest,
      itemId: string,
      body: ItemData & { version: number },
    ): Promise<ItemData> {
      const { version, ...changes } = body;
      if (Object.keys(changes).length === 0) {
        throw badRequest([{ field: 'body', message: 'name at least one field to change' }]);
      }
      return run(r, attempt(r, 'section.changed', itemId), async ({ tx, actor, audit }) => {
        const old = isUuid(itemId) ? await lockItem(tx, r.planId, r.def.section, itemId) : null;
        if (!old) throw notFound();
        // Never a silent overwrite: the version read must still be the current one.
        if (old.version !== version) throw staleVersion();
        const fields = mergedFields(r.def, old, changes);
        await checkLinks(tx, r.def, r.planId, fields, old);
        const parent = r.def.parentField;
        const kept = parent ? { ...old.data, [parent]: old.parentId } : old.data;
        const row = await updateItem(tx, old, kept, {
          parentId: fields.parentId,
          data: fields.data,
          by: actor.personId,
        });
        await audit();
        return present(r.def, row);
      });
    },

    async remove(r: ItemRequest, itemId: string): Promise<void> {
      await run(r, attempt(r, 'section.deleted', itemId), async ({ tx, actor, audit }) => {
        const old = isUuid(itemId) ? await lockItem(tx, r.planId, r.def.section, itemId) : null;
        if (!old) throw notFound();
        if (old.hasChildren) {
          throw new HttpProblem(409, { detail: 'Delete or move its sub-items first' });
        }
        await deleteItem(tx, old.id, actor.personId);
        await audit();
      });
    },
  };
}
