import type { SECTION_NAMES } from '../../../shared/schemas/plans.ts';
import {
  grantedLevel,
  type Level,
  type ParticipantRole,
  SECTIONS,
  type Section,
} from '../../access/plans.ts';
import { badRequest, HttpProblem } from '../../http/problem.ts';

/** Small pieces the plans use cases share: ids, times, paging cursors, common errors. */

/** The shared schemas list the access module's sections, no more, no fewer (checked by tsc). */
type SharedSection = (typeof SECTION_NAMES)[number];
export const SECTIONS_MATCH: [Section, SharedSection] extends [SharedSection, Section]
  ? true
  : never = true;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export function iso(value: Date | string): string {
  return new Date(value).toISOString();
}

export function isoOrNull(value: Date | string | null): string | null {
  return value === null ? null : iso(value);
}

/** Every section with the level the role and the stored grants give (before consent). */
export function grantedMap(
  role: ParticipantRole,
  access: Partial<Record<Section, Level>>,
): Record<Section, Level> {
  return Object.fromEntries(
    SECTIONS.map((section) => [section, grantedLevel(role, access, section)]),
  ) as Record<Section, Level>;
}

/** A compact, personal-data-free form of an access map for audit details. */
export function accessDetail(access: Record<Section, Level>): string {
  return SECTIONS.map((section) => `${section}=${access[section]}`).join(',');
}

/** Today's date in Norway, as a calendar date (paper forms are dated in Norwegian time). */
export function todayInNorway(now = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' }).format(now);
}

export type Cursor = { at: string; id: string };

/** SQL for a keyset cursor column: created_at in UTC with microseconds. */
export const cursorColumn = (column: string) =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export function encodeCursor(row: { cursorAt: string; id: string }): string {
  return Buffer.from(JSON.stringify([row.cursorAt, row.id])).toString('base64url');
}

export function decodeCursor(value: string | undefined): Cursor | null {
  if (value === undefined) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2) {
      const [at, id] = parsed as unknown[];
      const shape = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
      if (typeof at === 'string' && shape.test(at) && typeof id === 'string' && isUuid(id)) {
        return { at, id };
      }
    }
  } catch {
    // falls through to the 400 below
  }
  throw badRequest([{ field: 'before', message: 'is not a cursor from this list' }]);
}

/** One page of rows fetched with limit + 1: the page and the cursor of the next one. */
export function page<T extends { cursorAt: string; id: string }>(
  rows: T[],
  limit: number,
): { rows: T[]; next: string | null } {
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  return { rows: shown, next: rows.length > limit && last ? encodeCursor(last) : null };
}

export const conflict = (detail: string): HttpProblem => new HttpProblem(409, { detail });

export const staleVersion = (): HttpProblem =>
  conflict('This has changed since you read it; reload and try again');

export const secondOpenIp = (): HttpProblem =>
  conflict('The person already has an open individuell plan');

/** A unique-constraint violation on this constraint (PostgreSQL and PGlite alike). */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown };
  if (e.code !== '23505') return false;
  return (
    e.constraint === constraint || (typeof e.message === 'string' && e.message.includes(constraint))
  );
}
