import { badRequest } from '../../http/problem.ts';

/** Keyset paging cursors: opaque to clients, checked strictly when they come back. */

export type TimeCursor = { at: string; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MICROS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

const notACursor = () =>
  badRequest([{ field: 'before', message: 'is not a cursor from this list' }]);

export function encodeTimeCursor(row: { cursorAt: string; id: string }): string {
  return Buffer.from(JSON.stringify([row.cursorAt, row.id])).toString('base64url');
}

export function decodeTimeCursor(value: string | undefined): TimeCursor | null {
  if (value === undefined) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2) {
      const [at, id] = parsed as unknown[];
      if (typeof at === 'string' && MICROS.test(at) && typeof id === 'string' && isUuid(id)) {
        return { at, id };
      }
    }
  } catch {
    // falls through to the 400 below
  }
  throw notACursor();
}

/** Version cursors (a version history) are the version number. */
export function decodeVersionCursor(value: string | undefined): number | null {
  if (value === undefined) return null;
  if (!/^[1-9]\d{0,8}$/.test(value)) throw notACursor();
  return Number(value);
}

/**
 * One page from rows fetched with `limit + 1`: the extra row only says there is more,
 * and the last row shown gives the cursor.
 */
export function pageOf<R, V>(
  rows: R[],
  limit: number,
  present: (row: R) => V,
  cursor: (row: R) => string,
): { items: V[]; next: string | null } {
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  return {
    items: shown.map(present),
    next: rows.length > limit && last !== undefined ? cursor(last) : null,
  };
}

export function iso(value: Date | string): string {
  return new Date(value).toISOString();
}
