import type {
  AuditFlagListInput,
  AuditFlagListView,
  AuditFlagView,
  ReviewAuditFlagInput,
} from '../../../shared/schemas/audit-flags.ts';
import { auditReviewOrganizations, mayOnAuditFlag } from '../../access/index.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Db } from '../../db/index.ts';
import { badRequest, forbidden, HttpProblem, notFound } from '../../http/problem.ts';
import { type AuditContext, recordAudit } from '../audit/service.ts';
import { type AuditFlagRow, type Cursor, flagById, markReviewed, openFlags } from './queries.ts';

export type AuditReviewDeps = { db: Db };
export type AuditReviewService = ReturnType<typeof createAuditReviewService>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CURSOR_AT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

const onlyAdmins = () =>
  forbidden('Only the organisation’s administrators review flags of unusual reading');

function iso(value: Date): string {
  return new Date(value).toISOString();
}

/** A flag as the administrator sees it: the reader, the rule, the hour, the counts. */
function present(row: AuditFlagRow): AuditFlagView {
  return {
    id: row.id,
    kind: row.kind,
    reader: { id: row.personId, name: row.personName, role: row.readerRole },
    periodStart: iso(row.periodStart),
    periodEnd: iso(row.periodEnd),
    planCount: row.planCount,
    readCount: row.readCount,
    deniedCount: row.deniedCount,
    createdAt: iso(row.createdAt),
    reviewedAt: row.reviewedAt === null ? null : iso(row.reviewedAt),
    reviewedBy:
      row.reviewedById === null ? null : { id: row.reviewedById, name: row.reviewedByName ?? '' },
    note: row.note,
  };
}

function encodeCursor(row: AuditFlagRow): string {
  return Buffer.from(JSON.stringify([row.cursorAt, row.id])).toString('base64url');
}

function decodeCursor(value: string | undefined): Cursor | null {
  if (value === undefined) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2) {
      const [at, id] = parsed as unknown[];
      if (typeof at === 'string' && CURSOR_AT.test(at) && typeof id === 'string' && UUID.test(id))
        return { at, id };
    }
  } catch {
    // falls through to the 400 below
  }
  throw badRequest([{ field: 'before', message: 'is not a cursor from this list' }]);
}

/** A note as kept: trimmed, and none when blank. */
function noteOf(input: ReviewAuditFlagInput): string | null {
  const note = input?.note?.trim() ?? '';
  return note === '' ? null : note;
}

/**
 * The organisation administrator's side of the audit review (SECURITY.md L6): the open
 * flags of their own organisation's people, and marking one reviewed. Both are recorded in
 * the audit trail, refusals too (L2).
 */
export function createAuditReviewService({ db }: AuditReviewDeps) {
  return {
    async list(
      context: AuditContext,
      actor: Actor,
      input: AuditFlagListInput,
    ): Promise<AuditFlagListView> {
      const organizations = auditReviewOrganizations(actor);
      if (organizations.length === 0) {
        await recordAudit(db, context, { action: 'auditFlag.list', outcome: 'denied' });
        throw onlyAdmins();
      }
      const before = decodeCursor(input.before);
      return db.transaction(async (tx) => {
        const rows = await openFlags(tx, organizations, before, input.limit + 1);
        const page = rows.slice(0, input.limit);
        const visible = page.filter((row) => mayOnAuditFlag(actor, 'auditFlag.view', row));
        const last = page.at(-1);
        await recordAudit(tx, context, {
          action: 'auditFlag.list',
          actorRole: 'org_admin',
          details: { count: visible.length },
        });
        return {
          items: visible.map(present),
          next: rows.length > input.limit && last ? encodeCursor(last) : null,
        };
      });
    },

    async review(
      context: AuditContext,
      actor: Actor,
      flagId: string,
      input: ReviewAuditFlagInput,
    ): Promise<AuditFlagView> {
      // Refused before anything is looked up: the caller administers no organisation.
      if (auditReviewOrganizations(actor).length === 0) {
        await recordAudit(db, context, {
          action: 'auditFlag.reviewed',
          objectId: UUID.test(flagId) ? flagId : null,
          outcome: 'denied',
        });
        throw onlyAdmins();
      }
      if (!UUID.test(flagId)) throw notFound();
      const outcome = await db.transaction(
        async (tx): Promise<{ ok: true; flag: AuditFlagView } | { ok: false; error: Error }> => {
          const row = await flagById(tx, flagId, true);
          const refusal =
            !row || !mayOnAuditFlag(actor, 'auditFlag.view', row)
              ? notFound()
              : !mayOnAuditFlag(actor, 'auditFlag.review', row)
                ? forbidden('Another administrator reviews a flag about you')
                : null;
          const audit = {
            action: 'auditFlag.reviewed',
            objectId: flagId,
            actorRole: 'org_admin',
            organizationId: row && !refusal ? row.organizationId : actor.homeOrganizationId,
            ...(row && !refusal ? { details: { kind: row.kind } } : {}),
          };
          if (refusal || !row) {
            // A refused attempt is recorded (L2), and committed with nothing else.
            await recordAudit(tx, context, { ...audit, outcome: 'denied' });
            return { ok: false, error: refusal ?? notFound() };
          }
          if (row.reviewedAt !== null) {
            return {
              ok: false,
              error: new HttpProblem(409, { detail: 'The flag has been reviewed already' }),
            };
          }
          await markReviewed(tx, flagId, actor.personId, noteOf(input));
          await recordAudit(tx, context, audit);
          const reviewed = await flagById(tx, flagId);
          return { ok: true, flag: present(reviewed ?? row) };
        },
      );
      if (!outcome.ok) throw outcome.error;
      return outcome.flag;
    },
  };
}
