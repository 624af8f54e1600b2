import type { Queryable } from '../../db/index.ts';
import { badRequest, type FieldError } from '../../http/problem.ts';
import { type ItemData, LINK_MESSAGES, type Link, type SectionDefinition } from './definitions.ts';
import { type LockedItem, linkTargets } from './queries.ts';

/**
 * How a body becomes an item's stored data: defaults, the parent kept apart from `data`,
 * ids lower-cased, the section's schema and rules applied, and links checked against the
 * plan (Z12). Generic over the section definitions.
 */

export type Fields = { data: ItemData; parentId: string | null; changed: Set<string> };

const isIdField = (def: SectionDefinition, key: string) =>
  key === def.parentField || def.links.some((link) => link.field === key);

const lower = (value: unknown): unknown =>
  typeof value === 'string' ? value.toLowerCase() : Array.isArray(value) ? value.map(lower) : value;

/** A new item's data and parent from a create body, the section's defaults filled in. */
export function newFields(def: SectionDefinition, body: ItemData): Fields {
  const data: ItemData = { ...def.defaults };
  let parentId: string | null = null;
  for (const [key, raw] of Object.entries(body)) {
    const value = isIdField(def, key) ? lower(raw) : raw;
    if (key === def.parentField) parentId = typeof value === 'string' ? value : null;
    else data[key] = value;
  }
  return { data: checked(def, data), parentId, changed: new Set(Object.keys(body)) };
}

/** An item's next data and parent: the old ones with the changes; `null` clears a field. */
export function mergedFields(def: SectionDefinition, old: LockedItem, changes: ItemData): Fields {
  const data: ItemData = { ...old.data };
  let parentId = old.parentId;
  for (const [key, raw] of Object.entries(changes)) {
    const value = isIdField(def, key) ? lower(raw) : raw;
    if (key === def.parentField) parentId = typeof value === 'string' ? value : null;
    else if (value === null) delete data[key];
    else data[key] = value;
  }
  return { data: checked(def, data), parentId, changed: new Set(Object.keys(changes)) };
}

/** The data checked against the section's stored shape and its rules across fields. */
function checked(def: SectionDefinition, data: ItemData): ItemData {
  const result = def.data.safeParse(data);
  if (!result.success) {
    throw badRequest(
      result.error.issues.map((issue) => ({
        field: issue.path.map(String).join('.') || 'body',
        message: issue.message,
      })),
    );
  }
  const errors = def.check?.(result.data) ?? [];
  if (errors.length > 0) throw badRequest(errors);
  return result.data;
}

type Wanted = { field: string; id: string; target: Link['target']; mainItem: boolean };

/**
 * Checks that the changed link fields, and the parent when it changes, point at live
 * items of the right section in this plan or at present participants of it; a parent must
 * be a main item (two levels), not the item itself, and an item with sub-items stays a
 * main item. One statement for all the ids.
 */
export async function checkLinks(
  tx: Queryable,
  def: SectionDefinition,
  planId: string,
  fields: Fields,
  self: LockedItem | null,
): Promise<void> {
  const wanted: Wanted[] = [];
  for (const link of def.links) {
    if (!fields.changed.has(link.field)) continue;
    const value = fields.data[link.field];
    const ids = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
    for (const id of ids) {
      wanted.push({ field: link.field, id: String(id), target: link.target, mainItem: false });
    }
  }
  const errors: FieldError[] = [];
  const parentField = def.parentField;
  if (parentField && fields.changed.has(parentField) && fields.parentId !== null) {
    if (fields.parentId === self?.id) {
      errors.push({ field: parentField, message: 'must be another item' });
    } else if (self?.hasChildren) {
      errors.push({ field: parentField, message: 'an item with sub-items cannot become one' });
    } else {
      const id = fields.parentId;
      wanted.push({ field: parentField, id, target: def.section, mainItem: true });
    }
  }
  if (wanted.length > 0) {
    const found = await linkTargets(
      tx,
      planId,
      wanted.filter((w) => w.target !== 'participants').map((w) => w.id),
      wanted.filter((w) => w.target === 'participants').map((w) => w.id),
    );
    for (const w of wanted) {
      const hit = found.find((f) => f.id === w.id && f.target === w.target);
      if (!hit) errors.push({ field: w.field, message: LINK_MESSAGES[w.target] });
      else if (w.mainItem && !hit.topLevel) {
        errors.push({ field: w.field, message: 'must be a main item, not a sub-item' });
      }
    }
  }
  if (errors.length > 0) throw badRequest([...new Map(errors.map((e) => [e.field, e])).values()]);
}
