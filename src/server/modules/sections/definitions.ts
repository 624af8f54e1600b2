import type { z } from 'zod';
import {
  ContributionData,
  CooperationData,
  CreateContributionBody,
  CreateCooperationBody,
  CreateEvaluationBody,
  CreateGoalBody,
  CreateLogBody,
  CreateMeasureBody,
  EvaluationData,
  GoalData,
  GoalItem,
  type ItemSection,
  itemSchema,
  type ListOrder,
  LogData,
  MeasureData,
  PatchContributionBody,
  PatchCooperationBody,
  PatchEvaluationBody,
  PatchGoalBody,
  PatchLogBody,
  PatchMeasureBody,
  versionSchema,
} from '../../../shared/schemas/sections.ts';
import type { FieldError } from '../../http/problem.ts';

/** The stored data of an item, once its section's schema has checked it. */
export type ItemData = Record<string, unknown>;

/** A field that points at another item of the same plan, or at a participant of it. */
export type Link = {
  field: string;
  target: ItemSection | 'participants';
  /** A list of ids (goalIds) rather than one. */
  many?: boolean;
};

/**
 * What makes one section different from another; the routes, service and queries are one
 * generic implementation driven by this.
 */
export type SectionDefinition = {
  section: ItemSection;
  /** The stored shape of `plan_items.data`, checked on every write. */
  data: z.ZodObject;
  createBody: z.ZodType<ItemData>;
  patchBody: z.ZodType<ItemData & { version: number }>;
  item: z.ZodObject;
  version: z.ZodObject;
  /** The list order when the caller asks for none. */
  order: ListOrder;
  /** Fields filled in when a new item leaves them out. */
  defaults: ItemData;
  /**
   * A body field kept in the `parent_id` column rather than in `data`: the parent is a
   * top-level item of the same section and plan (two levels: main goals and sub-goals).
   */
  parentField?: string;
  links: Link[];
  /** Rules across fields of the whole (merged) data. */
  check?: (data: ItemData) => FieldError[];
};

/** endDate not before startDate. */
function period(data: ItemData): FieldError[] {
  const { startDate, endDate } = data;
  if (typeof startDate === 'string' && typeof endDate === 'string' && endDate < startDate) {
    return [{ field: 'endDate', message: 'must not be before startDate' }];
  }
  return [];
}

const define = (
  d: Omit<SectionDefinition, 'item' | 'version'> & { item?: z.ZodObject },
): SectionDefinition => ({
  ...d,
  item: d.item ?? itemSchema(d.data),
  version: versionSchema(d.data),
});

export const SECTION_DEFINITIONS: Record<ItemSection, SectionDefinition> = {
  goals: define({
    section: 'goals',
    data: GoalData,
    createBody: CreateGoalBody,
    patchBody: PatchGoalBody,
    item: GoalItem,
    order: 'oldest',
    defaults: { status: 'active' },
    parentField: 'parentId',
    links: [],
  }),
  measures: define({
    section: 'measures',
    data: MeasureData,
    createBody: CreateMeasureBody,
    patchBody: PatchMeasureBody,
    order: 'oldest',
    defaults: { status: 'planned', goalIds: [] },
    links: [
      { field: 'goalIds', target: 'goals', many: true },
      { field: 'responsibleParticipantId', target: 'participants' },
    ],
    check: period,
  }),
  evaluations: define({
    section: 'evaluations',
    data: EvaluationData,
    createBody: CreateEvaluationBody,
    patchBody: PatchEvaluationBody,
    order: 'newest',
    defaults: {},
    links: [
      { field: 'goalId', target: 'goals' },
      { field: 'measureId', target: 'measures' },
    ],
  }),
  log: define({
    section: 'log',
    data: LogData,
    createBody: CreateLogBody,
    patchBody: PatchLogBody,
    order: 'newest',
    defaults: {},
    links: [{ field: 'measureId', target: 'measures' }],
  }),
  contributions: define({
    section: 'contributions',
    data: ContributionData,
    createBody: CreateContributionBody,
    patchBody: PatchContributionBody,
    order: 'oldest',
    defaults: {},
    links: [{ field: 'byParticipantId', target: 'participants' }],
  }),
  cooperation: define({
    section: 'cooperation',
    data: CooperationData,
    createBody: CreateCooperationBody,
    patchBody: PatchCooperationBody,
    order: 'oldest',
    defaults: {},
    links: [],
  }),
};

/** What a link must point at, as said in a 400. */
export const LINK_MESSAGES: Record<Link['target'], string> = {
  goals: 'must be a goal of this plan',
  measures: 'must be a measure of this plan',
  evaluations: 'must be an evaluation of this plan',
  log: 'must be a log entry of this plan',
  contributions: 'must be a contribution of this plan',
  cooperation: 'must be a cooperation item of this plan',
  participants: 'must be a participant of this plan',
};
