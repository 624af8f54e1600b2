import { z } from 'zod';

/**
 * Flags of unusual reading (SECURITY.md L6), for the organisation's administrator:
 * `GET /api/admin/audit-flags` and `POST /api/admin/audit-flags/:flagId/review`. A flag
 * names the reader and holds counts: never a plan, its title or its owner.
 */

/** bulk: many plans or reads in an hour · denied: many refused attempts · night: many reads at night. */
export const AUDIT_FLAG_KINDS = ['bulk', 'denied', 'night'] as const;
export type AuditFlagKind = (typeof AUDIT_FLAG_KINDS)[number];

export const AUDIT_FLAG_LIMIT_MAX = 200;
export const REVIEW_NOTE_MAX = 1000;

// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

const limitMessage = `must be a whole number from 1 to ${AUDIT_FLAG_LIMIT_MAX}`;

export const AuditFlagListQuery = z.strictObject({
  limit: z.coerce
    .number({ error: limitMessage })
    .int({ error: limitMessage })
    .min(1, { error: limitMessage })
    .max(AUDIT_FLAG_LIMIT_MAX, { error: limitMessage })
    .default(50),
  /** The `next` of the page before. */
  before: z.string({ error: 'must be given once' }).max(200).optional(),
});
export type AuditFlagListInput = z.output<typeof AuditFlagListQuery>;

/** Any string: a malformed id is answered 404 like an unknown one, never 400. */
export const AuditFlagParams = z.strictObject({ flagId: z.string() });

/** An optional note on what was found; blank is no note. Plain text, line breaks allowed. */
export const ReviewAuditFlagBody = z
  .strictObject({
    note: z
      .string({ error: 'must be text' })
      .max(REVIEW_NOTE_MAX, { error: `must be at most ${REVIEW_NOTE_MAX} characters` })
      .refine((value) => !CONTROL.test(value), { error: 'must not hold control characters' })
      .optional(),
  })
  .nullish();
export type ReviewAuditFlagInput = z.output<typeof ReviewAuditFlagBody>;

const PersonRef = z.object({ id: z.string(), name: z.string() });

export const AuditFlag = z.object({
  id: z.string(),
  kind: z.enum(AUDIT_FLAG_KINDS),
  /** Who read, with the role they acted in most that hour (as the audit trail names it). */
  reader: PersonRef.extend({ role: z.string().nullable() }),
  periodStart: z.string(),
  periodEnd: z.string(),
  /** Distinct plans read, plan-content reads and refused attempts in the period. */
  planCount: z.int(),
  readCount: z.int(),
  deniedCount: z.int(),
  createdAt: z.string(),
  reviewedAt: z.string().nullable(),
  reviewedBy: PersonRef.nullable(),
  note: z.string().nullable(),
});
export type AuditFlagView = z.output<typeof AuditFlag>;

export const AuditFlagList = z.object({
  items: z.array(AuditFlag),
  next: z.string().nullable(),
});
export type AuditFlagListView = z.output<typeof AuditFlagList>;
