import { Heading, Tag } from '@digdir/designsystemet-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  Contribution,
  Cooperation,
  Evaluation,
  Goal,
  ItemOf,
  ItemSection,
  LogEntry,
  Measure,
  Participant,
} from '../../api/plans.ts';
import type { FieldSpec, Option } from '../../components/plan/ItemForm.tsx';
import {
  ASSESSMENTS,
  dateInputValue,
  functionLine,
  GOAL_STATUSES,
  MEASURE_STATUSES,
  today,
  useFormat,
  useItemStatus,
  usePlanLabels,
} from '../../components/plan/labels.ts';
import { MeasureFacts } from '../../components/plan/PlanOverview.tsx';
import type { FormValues } from '../../components/plan/useDraft.ts';

/** What a section page needs to know beyond its own items. */
export type SectionContext = {
  goals: Goal[];
  measures: Measure[];
  participants: Participant[];
};

export type SectionDef<S extends ItemSection> = {
  section: S;
  title: string;
  intro: string;
  addLabel: string;
  editLabel: string;
  empty: string;
  saved: string;
  deleted: string;
  /** Newest first (notes) or oldest first (goals and measures, in the order they were set). */
  order: 'newest' | 'oldest';
  fields: (item: ItemOf[S] | null, preset?: FormValues) => FieldSpec[];
  toValues: (item: ItemOf[S] | null, preset?: FormValues) => FormValues;
  toBody: (values: FormValues, isNew: boolean) => Record<string, unknown>;
  /** A short name for the item (in confirmations and drafts). */
  name: (item: ItemOf[S]) => string;
  /** The item's own content, under its heading. */
  body: (item: ItemOf[S], headingLevel: 2 | 3) => ReactNode;
};

const TEXT_MAX = 10_000;
const TITLE_MAX = 200;

/** "" → left out of a new item, null in a change (the field is emptied). */
function optional(value: string | string[] | undefined, isNew: boolean) {
  const text = typeof value === 'string' ? value.trim() : '';
  return text ? text : isNew ? undefined : null;
}

function clean(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
}

const str = (value: string | null | undefined) => value ?? '';

function shorten(text: string, max = 60): string {
  const line = text.split(/\r?\n/)[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function participantOptions(participants: Participant[]): Option[] {
  return participants
    .filter((p) => p.active)
    .map((p) => ({
      value: p.id,
      label: functionLine(p) ? `${p.name} (${functionLine(p)})` : p.name,
    }));
}

function PlainText({ text }: { text: string | null | undefined }) {
  return text ? <p className="plain-text">{text}</p> : null;
}

/** The section's words, fields and display, in the interface language. */
export function useSectionDef<S extends ItemSection>(
  section: S,
  context: SectionContext,
): SectionDef<S> {
  const defs = useAllDefs(context);
  return defs[section] as unknown as SectionDef<S>;
}

function useAllDefs(context: SectionContext): { [S in ItemSection]: SectionDef<S> } {
  const { t } = useTranslation();
  const format = useFormat();
  const status = useItemStatus();
  const labels = usePlanLabels();
  const goalName = (id: string | null | undefined) =>
    context.goals.find((g) => g.id === id)?.title ?? null;
  const measureName = (id: string | null | undefined) =>
    context.measures.find((m) => m.id === id)?.title ?? null;
  const participant = (id: string | null | undefined) =>
    context.participants.find((p) => p.id === id);
  const mainGoals = context.goals.filter((g) => !g.parentId);

  const statusOptions = (values: readonly string[]): Option[] =>
    values.map((value) => ({ value, label: status.label(value) }));

  const goals: SectionDef<'goals'> = {
    section: 'goals',
    title: t('plan.goals.title'),
    intro: t('plan.goals.intro'),
    addLabel: t('plan.goals.add'),
    editLabel: t('plan.goals.edit'),
    empty: t('plan.goals.empty'),
    saved: t('plan.goals.saved'),
    deleted: t('plan.goals.deleted'),
    order: 'oldest',
    fields: (item) => [
      {
        name: 'title',
        kind: 'text',
        label: t('plan.goals.fieldTitle'),
        description: t('plan.goals.fieldTitleHelp'),
        required: true,
        max: TITLE_MAX,
      },
      {
        name: 'description',
        kind: 'multiline',
        label: t('plan.goals.fieldDescription'),
        max: TEXT_MAX,
      },
      {
        name: 'parentId',
        kind: 'select',
        label: t('plan.goals.fieldParent'),
        emptyOption: t('plan.goals.noParent'),
        options: mainGoals
          .filter((g) => g.id !== item?.id)
          .map((g) => ({ value: g.id, label: g.title })),
      },
      { name: 'targetDate', kind: 'date', label: t('plan.goals.fieldTargetDate') },
      {
        name: 'status',
        kind: 'select',
        label: t('plan.fieldStatus'),
        options: statusOptions(GOAL_STATUSES),
      },
    ],
    toValues: (item, preset) => ({
      title: str(item?.title),
      description: str(item?.description),
      parentId: str(item?.parentId ?? (preset?.parentId as string | undefined)),
      targetDate: dateInputValue(item?.targetDate),
      status: item?.status ?? 'active',
    }),
    toBody: (v, isNew) =>
      clean({
        title: (v.title as string).trim(),
        description: optional(v.description, isNew),
        parentId: optional(v.parentId, isNew),
        targetDate: optional(v.targetDate, isNew),
        status: optional(v.status, isNew),
      }),
    name: (item) => item.title,
    body: (item) => (
      <>
        <div className="tag-row">
          {item.status ? (
            <Tag data-color={status.color(item.status)} data-size="sm">
              {status.label(item.status)}
            </Tag>
          ) : null}
          {item.targetDate ? (
            <span className="item-meta">
              {t('plan.goals.targetDateShort', { date: format.date(item.targetDate) })}
            </span>
          ) : null}
        </div>
        <PlainText text={item.description} />
      </>
    ),
  };

  const measures: SectionDef<'measures'> = {
    section: 'measures',
    title: t('plan.measures.title'),
    intro: t('plan.measures.intro'),
    addLabel: t('plan.measures.add'),
    editLabel: t('plan.measures.edit'),
    empty: t('plan.measures.empty'),
    saved: t('plan.measures.saved'),
    deleted: t('plan.measures.deleted'),
    order: 'oldest',
    fields: () => [
      {
        name: 'title',
        kind: 'text',
        label: t('plan.measures.fieldTitle'),
        description: t('plan.measures.fieldTitleHelp'),
        required: true,
        max: TITLE_MAX,
      },
      {
        name: 'responsibleParticipantId',
        kind: 'select',
        label: t('plan.measures.responsible'),
        emptyOption: t('plan.measures.noResponsible'),
        options: participantOptions(context.participants),
      },
      { name: 'startDate', kind: 'date', label: t('plan.measures.fieldStart') },
      { name: 'endDate', kind: 'date', label: t('plan.measures.fieldEnd') },
      {
        name: 'status',
        kind: 'select',
        label: t('plan.fieldStatus'),
        options: statusOptions(MEASURE_STATUSES),
      },
      {
        name: 'description',
        kind: 'multiline',
        label: t('plan.measures.fieldDescription'),
        max: TEXT_MAX,
      },
      {
        name: 'scope',
        kind: 'text',
        label: t('plan.measures.fieldScope'),
        description: t('plan.measures.fieldScopeHelp'),
        max: TEXT_MAX,
      },
      {
        name: 'howCarriedOut',
        kind: 'multiline',
        label: t('plan.measures.fieldHow'),
        max: TEXT_MAX,
      },
      ...(context.goals.length > 0
        ? [
            {
              name: 'goalIds',
              kind: 'checkboxes',
              label: t('plan.measures.fieldGoals'),
              options: context.goals.map((g) => ({ value: g.id, label: g.title })),
            } satisfies FieldSpec,
          ]
        : []),
    ],
    toValues: (item) => ({
      title: str(item?.title),
      responsibleParticipantId: str(item?.responsibleParticipantId),
      startDate: dateInputValue(item?.startDate),
      endDate: dateInputValue(item?.endDate),
      status: item?.status ?? 'planned',
      description: str(item?.description),
      scope: str(item?.scope),
      howCarriedOut: str(item?.howCarriedOut),
      goalIds: item?.goalIds ?? [],
    }),
    toBody: (v, isNew) =>
      clean({
        title: (v.title as string).trim(),
        responsibleParticipantId: optional(v.responsibleParticipantId, isNew),
        startDate: optional(v.startDate, isNew),
        endDate: optional(v.endDate, isNew),
        status: optional(v.status, isNew),
        description: optional(v.description, isNew),
        scope: optional(v.scope, isNew),
        howCarriedOut: optional(v.howCarriedOut, isNew),
        ...(context.goals.length > 0 ? { goalIds: Array.isArray(v.goalIds) ? v.goalIds : [] } : {}),
      }),
    name: (item) => item.title,
    body: (item, level) => {
      const linked = (item.goalIds ?? []).map(goalName).filter(Boolean);
      return (
        <>
          <MeasureFacts
            measure={item}
            participants={context.participants}
            headingLevel={undefined}
            hideTitle
          />
          {item.scope ? (
            <dl className="mini-facts">
              <dt>{t('plan.measures.fieldScope')}</dt>
              <dd>{item.scope}</dd>
            </dl>
          ) : null}
          <PlainText text={item.description} />
          {item.howCarriedOut ? (
            <>
              <Heading level={(level + 1) as 3 | 4} data-size="2xs">
                {t('plan.measures.fieldHow')}
              </Heading>
              <PlainText text={item.howCarriedOut} />
            </>
          ) : null}
          {linked.length > 0 ? (
            <p className="item-meta">
              {t('plan.measures.linkedGoals', { goals: linked.join(', ') })}
            </p>
          ) : null}
        </>
      );
    },
  };

  const aboutTarget = (item: { goalId?: string | null; measureId?: string | null }) => {
    const goal = goalName(item.goalId);
    if (goal) return t('plan.evaluations.aboutGoal', { title: goal });
    const measure = measureName(item.measureId);
    if (measure) return t('plan.evaluations.aboutMeasure', { title: measure });
    return null;
  };

  const targetOptions: Option[] = [
    ...context.goals.map((g) => ({
      value: `goal:${g.id}`,
      label: t('plan.evaluations.aboutGoal', { title: g.title }),
    })),
    ...context.measures.map((m) => ({
      value: `measure:${m.id}`,
      label: t('plan.evaluations.aboutMeasure', { title: m.title }),
    })),
  ];

  const evaluations: SectionDef<'evaluations'> = {
    section: 'evaluations',
    title: t('plan.evaluations.title'),
    intro: t('plan.evaluations.intro'),
    addLabel: t('plan.evaluations.add'),
    editLabel: t('plan.evaluations.edit'),
    empty: t('plan.evaluations.empty'),
    saved: t('plan.evaluations.saved'),
    deleted: t('plan.evaluations.deleted'),
    order: 'newest',
    fields: () => [
      {
        name: 'target',
        kind: 'select',
        label: t('plan.evaluations.fieldTarget'),
        emptyOption: t('plan.evaluations.wholePlan'),
        options: targetOptions,
      },
      { name: 'date', kind: 'date', label: t('plan.evaluations.fieldDate') },
      {
        name: 'text',
        kind: 'multiline',
        label: t('plan.evaluations.fieldText'),
        required: true,
        max: TEXT_MAX,
      },
      {
        name: 'assessment',
        kind: 'select',
        label: t('plan.evaluations.fieldAssessment'),
        description: t('plan.evaluations.fieldAssessmentHelp'),
        emptyOption: t('plan.evaluations.noAssessment'),
        options: statusOptions(ASSESSMENTS),
      },
    ],
    toValues: (item) => ({
      target: item?.goalId
        ? `goal:${item.goalId}`
        : item?.measureId
          ? `measure:${item.measureId}`
          : '',
      date: dateInputValue(item?.date) || (item ? '' : today()),
      text: str(item?.text),
      assessment: str(item?.assessment),
    }),
    toBody: (v, isNew) => {
      const target = typeof v.target === 'string' ? v.target : '';
      const [kind, id] = target.split(':');
      return clean({
        goalId: kind === 'goal' && id ? id : isNew ? undefined : null,
        measureId: kind === 'measure' && id ? id : isNew ? undefined : null,
        date: optional(v.date, isNew),
        text: (v.text as string).trim(),
        assessment: optional(v.assessment, isNew),
      });
    },
    name: (item) => shorten(item.text),
    body: (item: Evaluation) => (
      <>
        {aboutTarget(item) ? <p className="item-meta">{aboutTarget(item)}</p> : null}
        {item.assessment ? (
          <div className="tag-row">
            <Tag data-color={status.color(item.assessment)} data-size="sm">
              {status.label(item.assessment)}
            </Tag>
          </div>
        ) : null}
        <PlainText text={item.text} />
      </>
    ),
  };

  const log: SectionDef<'log'> = {
    section: 'log',
    title: t('plan.log.title'),
    intro: t('plan.log.intro'),
    addLabel: t('plan.log.add'),
    editLabel: t('plan.log.edit'),
    empty: t('plan.log.empty'),
    saved: t('plan.log.saved'),
    deleted: t('plan.log.deleted'),
    order: 'newest',
    fields: () => [
      {
        name: 'text',
        kind: 'multiline',
        label: t('plan.log.fieldText'),
        required: true,
        max: TEXT_MAX,
      },
      ...(context.measures.length > 0
        ? [
            {
              name: 'measureId',
              kind: 'select',
              label: t('plan.log.fieldMeasure'),
              emptyOption: t('plan.log.noMeasure'),
              options: context.measures.map((m) => ({ value: m.id, label: m.title })),
            } satisfies FieldSpec,
          ]
        : []),
    ],
    toValues: (item) => ({ text: str(item?.text), measureId: str(item?.measureId) }),
    toBody: (v, isNew) =>
      clean({ text: (v.text as string).trim(), measureId: optional(v.measureId, isNew) }),
    name: (item) => shorten(item.text),
    body: (item: LogEntry) => (
      <>
        {measureName(item.measureId) ? (
          <p className="item-meta">
            {t('plan.log.aboutMeasure', { title: measureName(item.measureId) })}
          </p>
        ) : null}
        <PlainText text={item.text} />
      </>
    ),
  };

  const contributions: SectionDef<'contributions'> = {
    section: 'contributions',
    title: t('plan.contributions.title'),
    intro: t('plan.contributions.intro'),
    addLabel: t('plan.contributions.add'),
    editLabel: t('plan.contributions.edit'),
    empty: t('plan.contributions.empty'),
    saved: t('plan.contributions.saved'),
    deleted: t('plan.contributions.deleted'),
    order: 'oldest',
    fields: () => [
      {
        name: 'byParticipantId',
        kind: 'select',
        label: t('plan.contributions.fieldBy'),
        emptyOption: t('plan.contributions.byNobody'),
        options: participantOptions(context.participants),
      },
      {
        name: 'text',
        kind: 'multiline',
        label: t('plan.contributions.fieldText'),
        required: true,
        max: TEXT_MAX,
      },
    ],
    toValues: (item) => ({ byParticipantId: str(item?.byParticipantId), text: str(item?.text) }),
    toBody: (v, isNew) =>
      clean({
        byParticipantId: optional(v.byParticipantId, isNew),
        text: (v.text as string).trim(),
      }),
    name: (item) => shorten(item.text),
    body: (item: Contribution) => {
      const by = participant(item.byParticipantId);
      return (
        <>
          {by ? (
            <p className="item-meta">
              {t('plan.contributions.by', {
                name: by.name,
                what: functionLine(by) || labels.role(by.role),
              })}
            </p>
          ) : null}
          <PlainText text={item.text} />
        </>
      );
    },
  };

  const cooperation: SectionDef<'cooperation'> = {
    section: 'cooperation',
    title: t('plan.cooperation.title'),
    intro: t('plan.cooperation.intro'),
    addLabel: t('plan.cooperation.add'),
    editLabel: t('plan.cooperation.edit'),
    empty: t('plan.cooperation.empty'),
    saved: t('plan.cooperation.saved'),
    deleted: t('plan.cooperation.deleted'),
    order: 'oldest',
    fields: () => [
      {
        name: 'service',
        kind: 'text',
        label: t('plan.cooperation.fieldService'),
        description: t('plan.cooperation.fieldServiceHelp'),
        max: TITLE_MAX,
      },
      {
        name: 'text',
        kind: 'multiline',
        label: t('plan.cooperation.fieldText'),
        required: true,
        max: TEXT_MAX,
      },
    ],
    toValues: (item) => ({ service: str(item?.service), text: str(item?.text) }),
    toBody: (v, isNew) =>
      clean({ service: optional(v.service, isNew), text: (v.text as string).trim() }),
    name: (item: Cooperation) => item.service || shorten(item.text),
    body: (item: Cooperation) => (
      <>
        {item.service ? (
          <dl className="mini-facts">
            <dt>{t('plan.cooperation.fieldService')}</dt>
            <dd>{item.service}</dd>
          </dl>
        ) : null}
        <PlainText text={item.text} />
      </>
    ),
  };

  return { goals, measures, evaluations, log, contributions, cooperation };
}

/** Sections whose items have a title of their own (shown as the item's heading). */
export function titleOf(section: ItemSection, item: ItemOf[ItemSection]): string | null {
  if (section === 'goals' || section === 'measures') return (item as Goal | Measure).title;
  return null;
}
