import { z } from 'zod';
import { cleanName } from '../contact.ts';

/**
 * Request and response bodies of /api/plans, its participants and consents, shared by the
 * server (route schemas) and the web app (forms). Bodies are strict: an unknown field —
 * `ownerId` on a PATCH, an `organizationId` anywhere — is a 400, never silently dropped.
 */

export const PLAN_TYPES = ['ip', 'simple'] as const;
export const PLAN_STATUSES = ['draft', 'active', 'closed'] as const;
export const PARTICIPANT_ROLES = [
  'owner',
  'guardian',
  'relative',
  'coordinator',
  'professional',
] as const;
/** Roles a participant can be given; the owner is set when the plan is created. */
export const ADDABLE_ROLES = ['guardian', 'relative', 'coordinator', 'professional'] as const;
export const ACCESS_LEVELS = ['none', 'read', 'write'] as const;
/** The sections of `access` (the same list as the server's access module). */
export const SECTION_NAMES = [
  'aboutMe',
  'goals',
  'measures',
  'contributions',
  'evaluations',
  'log',
  'consents',
  'cooperation',
  'messages',
  'meetings',
  'tasks',
  'documents',
] as const;
export const CONSENT_KINDS = ['plan', 'sharing'] as const;
export const CONSENT_METHODS = ['digital', 'paper'] as const;
export const PLAN_LIST_LIMIT_MAX = 200;

const LINE_BREAK = /[\r\n\u2028\u2029]/;
/** Control characters other than line breaks and tabs, and direction overrides (I9). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const HIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

/** One line of plain text: no line breaks; invisible characters removed (I9), within `max`. */
const line = (max: number) =>
  z
    .string()
    .max(max * 2, { error: `must be at most ${max} characters` })
    .transform((value, ctx) => {
      if (LINE_BREAK.test(value.trim())) {
        ctx.addIssue({ code: 'custom', message: 'must be on one line' });
        return z.NEVER;
      }
      const text = cleanName(value);
      if (text.length === 0) {
        ctx.addIssue({ code: 'custom', message: 'must not be empty' });
        return z.NEVER;
      }
      if (text.length > max) {
        ctx.addIssue({ code: 'custom', message: `must be at most ${max} characters` });
        return z.NEVER;
      }
      return text;
    });

/** Plain text with line breaks (never HTML: it is stored and shown as text). */
const paragraph = (max: number) =>
  z
    .string()
    .max(max, { error: `must be at most ${max} characters` })
    .refine((value) => !HIDDEN.test(value), { error: 'must be plain text' })
    .transform((value) => value.trim());

export const PlanTitle = line(200);
const Id = z.uuid({ error: 'must be an id' });
const CalendarDate = z.iso.date({ error: 'must be a date (YYYY-MM-DD)' });
/** A calendar day (access lasts through that day, Norwegian time) or an exact time. */
export const ValidUntil = z.union([CalendarDate, z.iso.datetime({ offset: true })], {
  error: 'must be a date (YYYY-MM-DD) or a time with offset',
});
const Level = z.enum(ACCESS_LEVELS);
/** Per-section access; a section left out keeps the role's default. */
export const AccessMapBody = z.partialRecord(z.enum(SECTION_NAMES), Level);
const Version = z.int({ error: 'must be the version you read' }).min(1);

export const PlanIdParams = z.strictObject({ planId: z.string() });
export const ParticipantParams = z.strictObject({
  planId: z.string(),
  participantId: z.string(),
});
export const ConsentParams = z.strictObject({ planId: z.string(), consentId: z.string() });

const limit = z.coerce
  .number({ error: `must be a whole number from 1 to ${PLAN_LIST_LIMIT_MAX}` })
  .int({ error: `must be a whole number from 1 to ${PLAN_LIST_LIMIT_MAX}` })
  .min(1, { error: `must be a whole number from 1 to ${PLAN_LIST_LIMIT_MAX}` })
  .max(PLAN_LIST_LIMIT_MAX, { error: `must be a whole number from 1 to ${PLAN_LIST_LIMIT_MAX}` })
  .default(50);

/** A repeated parameter arrives as an array and fails these checks (Z14). */
export const PlanListQuery = z.strictObject({
  scope: z.enum(['mine', 'organization']).default('mine'),
  limit,
  before: z.string().max(200).optional(),
});
export type PlanListInput = z.output<typeof PlanListQuery>;

export const PageQuery = z.strictObject({ limit, before: z.string().max(200).optional() });
export type PageInput = z.output<typeof PageQuery>;

export const CreatePlanBody = z.strictObject({
  type: z.enum(PLAN_TYPES),
  ownerId: Id,
  title: PlanTitle,
  coordinatorId: Id.optional(),
});
export type CreatePlanInput = z.output<typeof CreatePlanBody>;

/** PATCH: the changed fields and the `version` read. `null` clears a date. */
export const UpdatePlanBody = z.strictObject({
  version: Version,
  title: PlanTitle.optional(),
  status: z.enum(PLAN_STATUSES).optional(),
  type: z.enum(PLAN_TYPES).optional(),
  period: z
    .strictObject({
      start: CalendarDate.nullable().optional(),
      end: CalendarDate.nullable().optional(),
      nextRevision: CalendarDate.nullable().optional(),
    })
    .optional(),
});
export type UpdatePlanInput = z.output<typeof UpdatePlanBody>;

const participantFields = {
  access: AccessMapBody.optional(),
  functionTitle: line(120).nullable().optional(),
  organizationName: line(200).nullable().optional(),
  responsibility: paragraph(2000).nullable().optional(),
};

export const AddParticipantBody = z.strictObject({
  personId: Id,
  role: z.enum(ADDABLE_ROLES, { error: 'must be guardian, relative, coordinator or professional' }),
  validUntil: ValidUntil.optional(),
  ...participantFields,
});
export type AddParticipantInput = z.output<typeof AddParticipantBody>;

export const UpdateParticipantBody = z.strictObject({
  version: Version,
  role: z
    .enum(ADDABLE_ROLES, { error: 'must be guardian, relative, coordinator or professional' })
    .optional(),
  validUntil: ValidUntil.nullable().optional(),
  ...participantFields,
});
export type UpdateParticipantInput = z.output<typeof UpdateParticipantBody>;

export const RecordConsentBody = z
  .strictObject({
    kind: z.enum(CONSENT_KINDS),
    givenBy: Id,
    method: z.enum(CONSENT_METHODS),
    participantId: Id.optional(),
    /** The date on the signed paper form. */
    givenOn: CalendarDate.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.kind === 'sharing' && body.participantId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['participantId'], message: 'names who may see' });
    }
    if (body.kind === 'plan' && body.participantId !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['participantId'], message: 'is only for sharing' });
    }
    if (body.method === 'paper' && body.givenOn === undefined) {
      ctx.addIssue({ code: 'custom', path: ['givenOn'], message: 'is the date on the form' });
    }
    if (body.method === 'digital' && body.givenOn !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['givenOn'], message: 'is only for paper consent' });
    }
  });
export type RecordConsentInput = z.output<typeof RecordConsentBody>;

/** A POST that takes no fields: an empty or absent body; anything in it is 400. */
export const EmptyBody = z.strictObject({}).nullish();

// ---------------------------------------------------------------- responses

export const PersonRef = z.object({ id: z.string(), name: z.string() });
const SectionLevels = z.record(z.enum(SECTION_NAMES), Level);

export const PlanDetail = z.object({
  id: z.string(),
  type: z.enum(PLAN_TYPES),
  title: z.string(),
  status: z.enum(PLAN_STATUSES),
  owner: PersonRef,
  coordinator: PersonRef,
  period: z.object({
    start: z.string().nullable(),
    end: z.string().nullable(),
    nextRevision: z.string().nullable(),
  }),
  /** What the caller may do on each section now; the web app follows it. */
  myAccess: SectionLevels,
  /** null only in the answer to a creator who named another coordinator. */
  myRole: z.enum(PARTICIPANT_ROLES).nullable(),
  version: z.int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PlanDetailView = z.output<typeof PlanDetail>;

export const PlanListItem = z.object({
  id: z.string(),
  type: z.enum(PLAN_TYPES),
  title: z.string(),
  status: z.enum(PLAN_STATUSES),
  myRole: z.enum(PARTICIPANT_ROLES),
  owner: PersonRef,
  coordinator: PersonRef,
  createdAt: z.string(),
  updatedAt: z.string(),
});

/**
 * What an organisation administrator sees of a plan: no title (it may name a diagnosis),
 * no owner, no content — only what administration needs (Z6).
 */
export const OrganizationPlanItem = z.object({
  id: z.string(),
  type: z.enum(PLAN_TYPES),
  status: z.enum(PLAN_STATUSES),
  coordinator: PersonRef,
  participantCount: z.int(),
  createdAt: z.string(),
});

export const PlanList = z.object({ items: z.array(PlanListItem), next: z.string().nullable() });
export type PlanListView = z.output<typeof PlanList>;
export const OrganizationPlanList = z.object({
  items: z.array(OrganizationPlanItem),
  next: z.string().nullable(),
});
export type OrganizationPlanListView = z.output<typeof OrganizationPlanList>;

/** A participant as the care team sees them: never a national id, phone or e-mail (Z11). */
export const Participant = z.object({
  id: z.string(),
  personId: z.string(),
  name: z.string(),
  role: z.enum(PARTICIPANT_ROLES),
  functionTitle: z.string().nullable(),
  organizationName: z.string().nullable(),
  responsibility: z.string().nullable(),
  /** The granted level per section; null on others' rows for those who do not decide it. */
  access: SectionLevels.nullable(),
  validUntil: z.string().nullable(),
  /** false once validUntil has passed. */
  active: z.boolean(),
  version: z.int(),
  createdAt: z.string(),
});
export type ParticipantView = z.output<typeof Participant>;
export const ParticipantList = z.object({ items: z.array(Participant) });
export type ParticipantListView = z.output<typeof ParticipantList>;

export const Consent = z.object({
  id: z.string(),
  kind: z.enum(CONSENT_KINDS),
  participantId: z.string().nullable(),
  givenBy: PersonRef,
  method: z.enum(CONSENT_METHODS),
  givenOn: z.string(),
  textVersion: z.string(),
  text: z.string(),
  recordedBy: PersonRef,
  createdAt: z.string(),
  withdrawnAt: z.string().nullable(),
});
export type ConsentView = z.output<typeof Consent>;
export const ConsentList = z.object({ items: z.array(Consent), next: z.string().nullable() });
export type ConsentListView = z.output<typeof ConsentList>;

/**
 * A draft that waits for the caller's consent (GET /api/me/consent-requests): what the
 * owner, or a guardian, needs to decide — the plan's title and kind, who made it and the
 * exact words they agree to. Never the plan's content, never anybody's contact details.
 */
export const ConsentRequest = z.object({
  planId: z.string(),
  title: z.string(),
  type: z.enum(PLAN_TYPES),
  /** The caller's role: the owner themself, or a guardian acting for the owner. */
  myRole: z.enum(['owner', 'guardian']),
  owner: z.object({ name: z.string() }),
  coordinator: z.object({ name: z.string() }),
  organization: z.object({ name: z.string() }),
  consentText: z.string(),
  textVersion: z.string(),
  createdAt: z.string(),
});
export type ConsentRequestView = z.output<typeof ConsentRequest>;
export const ConsentRequestList = z.object({ items: z.array(ConsentRequest) });
export type ConsentRequestListView = z.output<typeof ConsentRequestList>;
