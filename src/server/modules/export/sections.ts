import type {
  AboutMe,
  Consent,
  Contribution,
  Cooperation,
  Evaluation,
  Goal,
  Listed,
  LogEntry,
  Measure,
  PlanExport,
  TeamMember,
} from './gather.ts';
import { group, type PrintNode, type Run, type TextNode, text } from './model.ts';
import { type ExportTexts, formatDate } from './texts.ts';

/**
 * The content sections of the printed plan, as print nodes (model.ts): each section a
 * `Sect` with its `H2`, each item a `Div`. An item's head (titles, labels, dates) is kept
 * on the page where what it heads begins; what people wrote flows across pages.
 */

export type Ctx = { t: ExportTexts; data: PlanExport; team: Map<string, TeamMember> };

type Part = PrintNode | null;

export const heading = (title: string): PrintNode =>
  text('H2', 'h2', title, { keep: true, outline: true });
const meta = (items: (string | undefined | null)[]): Part => {
  const line = items.filter((p): p is string => typeof p === 'string' && p.length > 0);
  return line.length > 0 ? text('P', 'meta', line.join(' · ')) : null;
};
const para = (value: string | undefined): Part =>
  value && value.trim().length > 0 ? text('P', 'body', value) : null;
const lead = (value: string): TextNode => text('P', 'label', value);
const labelled = (name: string, value: string | undefined | null): Part =>
  value && value.trim().length > 0
    ? text('P', 'body', [{ text: `${name}: `, bold: true }, { text: value }] satisfies Run[])
    : null;
const empty = (t: ExportTexts): PrintNode => text('P', 'muted', t.empty);
const truncatedNote = (t: ExportTexts, list: Listed<unknown>): Part =>
  list.truncated ? text('P', 'muted', t.truncated(list.items.length)) : null;

/** Marks a node as kept with what follows it (a head part). */
const kept = (node: Part): Part => (node?.kind === 'text' ? { ...node, keep: true } : node);

/** One item of a section: its head kept with the start of its body. */
type Block = { head: Part[]; body?: Part[]; indent?: number; after?: number };

function blockNode(block: Block): PrintNode {
  return group('Div', [...block.head.map(kept), ...(block.body ?? [])], {
    indent: block.indent ?? 0,
    after: block.after ?? 10,
  });
}

/** A section: its heading, its items (or a note that it is empty), and what comes after. */
function section(title: string, t: ExportTexts, blocks: Block[], ...after: Part[]): PrintNode[] {
  const items = blocks.length > 0 ? blocks.map(blockNode) : [empty(t)];
  return [group('Sect', [heading(title), ...items, ...after])];
}

/** "Name, function, organisation" of a participant, or null when unknown. */
export function who(ctx: Ctx, participantId: string | undefined): string | null {
  const p = participantId ? ctx.team.get(participantId) : undefined;
  if (!p) return null;
  return [p.name, p.functionTitle, p.organizationName].filter(Boolean).join(', ');
}

/** The words for a stored value (a status, an assessment); the value itself if unknown. */
const label = <K extends string>(table: Record<K, string>, key: string | undefined) =>
  key !== undefined && Object.hasOwn(table, key) ? table[key as K] : key;

export function aboutMeSection(ctx: Ctx, about: AboutMe): PrintNode[] {
  const { t } = ctx;
  const fields = (Object.keys(t.aboutMeFields) as (keyof AboutMe)[]).filter(
    (field) => about[field].trim().length > 0,
  );
  return section(
    t.aboutMe,
    t,
    fields.map((field) => ({
      head: [text('H3', 'h3', t.aboutMeFields[field])],
      body: [para(about[field])],
    })),
  );
}

/** The newest evaluation of each goal and of each measure. */
export function latestEvaluations(evaluations: Evaluation[]) {
  const byGoal = new Map<string, Evaluation>();
  const byMeasure = new Map<string, Evaluation>();
  // By the date it is about (or was written), then by when it was written.
  const when = (e: Evaluation) => {
    const written = new Date(e.createdAt).toISOString();
    return `${e.date ?? written.slice(0, 10)}|${written}`;
  };
  const newer = (a: Evaluation, b: Evaluation | undefined) => !b || when(a) > when(b);
  for (const e of evaluations) {
    if (e.goalId && newer(e, byGoal.get(e.goalId))) byGoal.set(e.goalId, e);
    if (e.measureId && newer(e, byMeasure.get(e.measureId))) byMeasure.set(e.measureId, e);
  }
  return { byGoal, byMeasure };
}

function evaluationBlock(ctx: Ctx, e: Evaluation, title: string | null): Block {
  const { t } = ctx;
  return {
    head: [
      title ? lead(title) : null,
      meta([formatDate(t, e.date ?? e.createdAt), label(t.assessment, e.assessment), e.byName]),
    ],
    body: [para(e.text)],
    indent: 10,
    after: 2,
  };
}

/** "Measures for this goal": the label kept with the first of them. */
function measureList(t: ExportTexts, measures: Measure[]): PrintNode[] {
  if (measures.length === 0) return [];
  return [
    { ...lead(t.goalMeasures), keep: true },
    { kind: 'list', items: measures.map((m) => m.title) },
  ];
}

export function goalsSection(ctx: Ctx, goals: Listed<Goal>): PrintNode[] {
  const { t, data } = ctx;
  const ids = new Set(goals.items.map((g) => g.id));
  const measures = data.measures?.items ?? null;
  const latest = data.evaluations ? latestEvaluations(data.evaluations.items) : null;
  const goalBlock = (goal: Goal, sub: boolean): Block => {
    const evaluation = latest?.byGoal.get(goal.id);
    return {
      head: [
        sub ? text('H4', 'h4', goal.title) : text('H3', 'h3', goal.title),
        meta([
          label(t.goalStatus, goal.status),
          goal.targetDate ? t.targetDate(formatDate(t, goal.targetDate)) : null,
        ]),
      ],
      body: [
        para(goal.description),
        ...measureList(t, measures?.filter((m) => m.goalIds.includes(goal.id)) ?? []),
        evaluation ? blockNode(evaluationBlock(ctx, evaluation, t.latestEvaluation)) : null,
      ],
      indent: sub ? 18 : 0,
    };
  };
  const main = goals.items.filter((g) => !g.parentId || !ids.has(g.parentId));
  return section(
    t.goals,
    t,
    main.flatMap((goal) => [
      goalBlock(goal, false),
      ...goals.items.filter((c) => c.parentId === goal.id).map((c) => goalBlock(c, true)),
    ]),
    truncatedNote(t, goals),
  );
}

export function measuresSection(ctx: Ctx, measures: Listed<Measure>): PrintNode[] {
  const { t, data } = ctx;
  const goalTitles = new Map((data.goals?.items ?? []).map((g) => [g.id, g.title]));
  const latest = data.evaluations ? latestEvaluations(data.evaluations.items) : null;
  const block = (m: Measure): Block => {
    const goals = m.goalIds.flatMap((id) => goalTitles.get(id) ?? []);
    const when =
      m.startDate || m.endDate
        ? t.fromTo(
            m.startDate ? formatDate(t, m.startDate) : '…',
            m.endDate ? formatDate(t, m.endDate) : '…',
          )
        : t.notSet;
    const evaluation = latest?.byMeasure.get(m.id);
    return {
      head: [
        text('H3', 'h3', m.title),
        meta([label(t.measureStatus, m.status)]),
        labelled(t.responsible, who(ctx, m.responsibleParticipantId) ?? t.noResponsible),
        labelled(t.when, when),
      ],
      body: [
        labelled(t.scopeField, m.scope),
        labelled(t.howCarriedOut, m.howCarriedOut),
        goals.length > 0 ? labelled(t.forGoals, goals.join('; ')) : null,
        para(m.description),
        evaluation ? blockNode(evaluationBlock(ctx, evaluation, t.latestEvaluation)) : null,
      ],
    };
  };
  return section(t.measures, t, measures.items.map(block), truncatedNote(t, measures));
}

/**
 * Evaluations not printed under a goal or measure: those of the whole plan, and those of
 * a goal or measure this reader does not see. (Older evaluations of a printed goal or
 * measure stay in Samvirke: the printed plan shows the latest.)
 */
export function evaluationsSection(ctx: Ctx, evaluations: Listed<Evaluation>): PrintNode[] {
  const { t, data } = ctx;
  const goals = new Set((data.goals?.items ?? []).map((g) => g.id));
  const measures = new Set((data.measures?.items ?? []).map((m) => m.id));
  const rest = evaluations.items.filter(
    (e) => !(e.goalId && goals.has(e.goalId)) && !(e.measureId && measures.has(e.measureId)),
  );
  if (rest.length === 0) return [];
  return section(
    t.evaluations,
    t,
    rest.map((e) => ({
      ...evaluationBlock(ctx, e, !e.goalId && !e.measureId ? t.wholePlan : null),
      indent: 0,
      after: 10,
    })),
    truncatedNote(t, evaluations),
  );
}

export function contributionsSection(ctx: Ctx, list: Listed<Contribution>): PrintNode[] {
  const { t } = ctx;
  return section(
    t.contributions,
    t,
    list.items.map((c) => {
      const by = who(ctx, c.byParticipantId);
      return { head: [by ? lead(by) : null], body: [para(c.text)] };
    }),
    truncatedNote(t, list),
  );
}

export function cooperationSection(ctx: Ctx, list: Listed<Cooperation>): PrintNode[] {
  const { t } = ctx;
  return section(
    t.cooperation,
    t,
    list.items.map((c) => ({ head: [c.service ? lead(c.service) : null], body: [para(c.text)] })),
    truncatedNote(t, list),
  );
}

export function logSection(ctx: Ctx, list: Listed<LogEntry>): PrintNode[] {
  const { t, data } = ctx;
  const measureTitles = new Map((data.measures?.items ?? []).map((m) => [m.id, m.title]));
  return section(
    t.log,
    t,
    list.items.map((entry) => {
      const measure = entry.measureId ? measureTitles.get(entry.measureId) : undefined;
      return {
        head: [
          meta([
            formatDate(t, entry.createdAt),
            entry.byName,
            measure ? t.aboutMeasure(measure) : null,
          ]),
        ],
        body: [para(entry.text)],
      };
    }),
    truncatedNote(t, list),
  );
}

export function consentsSection(ctx: Ctx, list: Listed<Consent>): PrintNode[] {
  const { t } = ctx;
  if (list.items.length === 0) return section(t.consents, t, []);
  const what = (c: Consent) =>
    c.kind === 'plan'
      ? t.consentPlan
      : t.consentSharing(
          (c.participantId ? ctx.team.get(c.participantId)?.name : undefined) ??
            t.formerParticipant,
        );
  const table: PrintNode = {
    kind: 'table',
    head: [t.consent, t.givenBy, t.method, t.date, t.consentStatus],
    rowHeaders: false,
    widths: [0.28, 0.2, 0.14, 0.16, 0.22],
    lines: true,
    rows: list.items.map((c) => [
      what(c),
      c.givenByName,
      c.method === 'paper' ? t.paper : t.digital,
      formatDate(t, c.givenOn),
      c.withdrawnAt ? t.withdrawn(formatDate(t, c.withdrawnAt)) : t.inForce,
    ]),
  };
  return [group('Sect', [heading(t.consents), table, truncatedNote(t, list)])];
}
