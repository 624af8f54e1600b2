import { z } from 'zod';

/**
 * Plan section content (§ 19): the stored shape of each section's items (`plan_items.data`,
 * also written by demo data), the request bodies, the owner's page (about-me) and the
 * access log. Text is plain text with line breaks, stored exactly as given; never HTML.
 */

export const TITLE_MAX = 200;
export const TEXT_MAX = 10_000;
export const LIST_LIMIT_MAX = 200;
export const GOAL_IDS_MAX = 50;

export const ITEM_SECTIONS = [
  'goals',
  'measures',
  'evaluations',
  'log',
  'contributions',
  'cooperation',
] as const;
export type ItemSection = (typeof ITEM_SECTIONS)[number];

export const GOAL_STATUSES = ['proposed', 'active', 'achieved', 'dropped'] as const;
export const MEASURE_STATUSES = ['planned', 'ongoing', 'done', 'stopped'] as const;
export const ASSESSMENTS = ['good', 'partly', 'not'] as const;
export const LIST_ORDERS = ['newest', 'oldest'] as const;
export type ListOrder = (typeof LIST_ORDERS)[number];

// NUL cannot be stored in jsonb; other control characters (tab and line breaks aside)
// have no place in typed text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

const plain = (max: number) =>
  z
    .string({ error: 'must be text' })
    .max(max, { error: `must be at most ${max} characters` })
    .refine((value) => !CONTROL.test(value), { error: 'must not hold control characters' });
const nonBlank = (value: string) => value.trim().length > 0;

/** A title or short label: up to 200 characters, not blank. */
const Title = plain(TITLE_MAX).refine(nonBlank, { error: 'must not be empty' });
/** Plain text with line breaks, up to 10 000 characters. */
const Text = plain(TEXT_MAX);
const RequiredText = Text.refine(nonBlank, { error: 'must not be empty' });
const Label = plain(TITLE_MAX);
const Day = z.iso.date({ error: 'must be a date (YYYY-MM-DD)' });
const Id = z.guid({ error: 'must be an id' });
const GoalIds = z
  .array(Id, { error: 'must be a list of goal ids' })
  .max(GOAL_IDS_MAX, { error: `must hold at most ${GOAL_IDS_MAX} goals` })
  .refine((ids) => new Set(ids).size === ids.length, { error: 'must not repeat a goal' });
const Version = z.int({ error: 'must be the version you read' }).min(1);

// ---------------------------------------------------------------- stored data

export const GoalData = z.strictObject({
  title: Title,
  description: Text.optional(),
  status: z.enum(GOAL_STATUSES),
  targetDate: Day.optional(),
  proposedBy: Label.optional(),
});
export const MeasureData = z.strictObject({
  title: Title,
  description: Text.optional(),
  scope: Text.optional(),
  howCarriedOut: Text.optional(),
  responsibleParticipantId: Id.optional(),
  startDate: Day.optional(),
  endDate: Day.optional(),
  status: z.enum(MEASURE_STATUSES),
  goalIds: GoalIds,
});
export const EvaluationData = z.strictObject({
  goalId: Id.optional(),
  measureId: Id.optional(),
  text: RequiredText,
  assessment: z.enum(ASSESSMENTS).optional(),
  date: Day.optional(),
});
export const LogData = z.strictObject({ text: RequiredText, measureId: Id.optional() });
export const ContributionData = z.strictObject({
  text: RequiredText,
  byParticipantId: Id.optional(),
});
export const CooperationData = z.strictObject({ text: RequiredText, service: Label.optional() });

export type GoalDataView = z.output<typeof GoalData>;
export type MeasureDataView = z.output<typeof MeasureData>;

// ---------------------------------------------------------------- request bodies

export const CreateGoalBody = z.strictObject({
  title: Title,
  description: Text.optional(),
  parentId: Id.optional(),
  targetDate: Day.optional(),
  status: z.enum(GOAL_STATUSES).optional(),
  proposedBy: Label.optional(),
});
/** PATCH bodies: the changed fields and the `version` read; `null` clears an optional field. */
export const PatchGoalBody = z.strictObject({
  version: Version,
  title: Title.optional(),
  description: Text.nullable().optional(),
  parentId: Id.nullable().optional(),
  targetDate: Day.nullable().optional(),
  status: z.enum(GOAL_STATUSES).optional(),
  proposedBy: Label.nullable().optional(),
});

export const CreateMeasureBody = z.strictObject({
  title: Title,
  description: Text.optional(),
  goalIds: GoalIds.optional(),
  responsibleParticipantId: Id.optional(),
  scope: Text.optional(),
  howCarriedOut: Text.optional(),
  startDate: Day.optional(),
  endDate: Day.optional(),
  status: z.enum(MEASURE_STATUSES).optional(),
});
export const PatchMeasureBody = z.strictObject({
  version: Version,
  title: Title.optional(),
  description: Text.nullable().optional(),
  goalIds: GoalIds.optional(),
  responsibleParticipantId: Id.nullable().optional(),
  scope: Text.nullable().optional(),
  howCarriedOut: Text.nullable().optional(),
  startDate: Day.nullable().optional(),
  endDate: Day.nullable().optional(),
  status: z.enum(MEASURE_STATUSES).optional(),
});

export const CreateEvaluationBody = EvaluationData;
export const PatchEvaluationBody = z.strictObject({
  version: Version,
  goalId: Id.nullable().optional(),
  measureId: Id.nullable().optional(),
  text: RequiredText.optional(),
  assessment: z.enum(ASSESSMENTS).nullable().optional(),
  date: Day.nullable().optional(),
});

export const CreateLogBody = LogData;
export const PatchLogBody = z.strictObject({
  version: Version,
  text: RequiredText.optional(),
  measureId: Id.nullable().optional(),
});

export const CreateContributionBody = ContributionData;
export const PatchContributionBody = z.strictObject({
  version: Version,
  text: RequiredText.optional(),
  byParticipantId: Id.nullable().optional(),
});

export const CreateCooperationBody = CooperationData;
export const PatchCooperationBody = z.strictObject({
  version: Version,
  text: RequiredText.optional(),
  service: Label.nullable().optional(),
});

const limit = z.coerce
  .number({ error: `must be a whole number from 1 to ${LIST_LIMIT_MAX}` })
  .int({ error: `must be a whole number from 1 to ${LIST_LIMIT_MAX}` })
  .min(1, { error: `must be a whole number from 1 to ${LIST_LIMIT_MAX}` })
  .max(LIST_LIMIT_MAX, { error: `must be a whole number from 1 to ${LIST_LIMIT_MAX}` })
  .default(50);
const before = z.string({ error: 'must be given once' }).max(200).optional();

/** Paging; a parameter given twice is 400 (Z14), an unknown one too (I1). */
export const PageQuery = z.strictObject({ limit, before });
export type PageInput = z.output<typeof PageQuery>;
/** A section list: paging and an order from the allowlist (default: the section's own). */
export const ItemListQuery = PageQuery.extend({
  sort: z.enum(LIST_ORDERS, { error: `must be one of ${LIST_ORDERS.join(', ')}` }).optional(),
});
export type ItemListInput = z.output<typeof ItemListQuery>;

/** Any string: a malformed id is answered 404 like an unknown one, never 400. */
export const PlanParams = z.strictObject({ planId: z.string() });
export const ItemParams = z.strictObject({ planId: z.string(), itemId: z.string() });

// ---------------------------------------------------------------- responses

/** A name as others see it: never a national id, phone or e-mail (Z11). */
export const PersonRef = z.object({ id: z.string(), name: z.string() });

const written = {
  id: z.string(),
  version: z.int(),
  createdBy: PersonRef,
  createdAt: z.string(),
  updatedBy: PersonRef,
  updatedAt: z.string(),
};

/** The response shape of one item: the section's data, plus who wrote it and when. */
export function itemSchema<S extends z.ZodRawShape>(data: z.ZodObject<S>) {
  return z.object({ ...data.shape, ...written });
}
export const GoalItem = z.object({
  ...GoalData.shape,
  ...written,
  parentId: z.string().nullable(),
});

/** Earlier versions: the data as it was, who wrote that version and when. */
export function versionSchema<S extends z.ZodRawShape>(data: z.ZodObject<S>) {
  return z.object({
    ...data.partial().shape,
    parentId: z.string().nullable().optional(),
    version: z.int(),
    changedBy: PersonRef,
    changedAt: z.string(),
  });
}

export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), next: z.string().nullable() });

// ---------------------------------------------------------------- about-me

export const ABOUT_ME_FIELDS = ['whatMattersToMe', 'myResources', 'myNeeds', 'background'] as const;

/** PUT: `version` 0 for the first save; a field left out keeps its text. */
export const PutAboutMeBody = z.strictObject({
  version: z.int({ error: 'must be the version you read (0 for the first save)' }).min(0),
  whatMattersToMe: Text.optional(),
  myResources: Text.optional(),
  myNeeds: Text.optional(),
  background: Text.optional(),
});
export type PutAboutMeInput = z.output<typeof PutAboutMeBody>;

export const AboutMeData = z.object({
  whatMattersToMe: z.string(),
  myResources: z.string(),
  myNeeds: z.string(),
  background: z.string(),
});
export type AboutMeDataView = z.output<typeof AboutMeData>;

export const AboutMe = AboutMeData.extend({
  version: z.int(),
  updatedBy: PersonRef.nullable(),
  updatedAt: z.string().nullable(),
});
export type AboutMeView = z.output<typeof AboutMe>;

export const AboutMeVersion = AboutMeData.extend({
  version: z.int(),
  changedBy: PersonRef,
  changedAt: z.string(),
});
export type AboutMeVersionView = z.output<typeof AboutMeVersion>;

// ---------------------------------------------------------------- access log

export const ACCESS_LOG_ROLES = [
  'owner',
  'guardian',
  'relative',
  'coordinator',
  'professional',
  'staff',
  'system',
] as const;

/** One line of "who read my plan": names and roles only (L5). */
export const AccessLogEntry = z.object({
  at: z.string(),
  actor: z.object({
    name: z.string(),
    role: z.enum(ACCESS_LOG_ROLES),
    functionTitle: z.string().nullable(),
    organizationName: z.string().nullable(),
  }),
  action: z.string(),
  section: z.string().nullable(),
  objectId: z.string().nullable(),
});
export type AccessLogEntryView = z.output<typeof AccessLogEntry>;
export const AccessLog = listOf(AccessLogEntry);
export type AccessLogView = z.output<typeof AccessLog>;
