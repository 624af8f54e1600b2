import type { Content } from 'pdfmake/interfaces.js';
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
import { type ExportTexts, formatDate } from './texts.ts';

/**
 * The content sections of the printed plan, as pdfmake content. Everything a person
 * wrote goes in as a plain string in a `text` node: pdfmake interprets no markup in it,
 * so `<script>` or `**` is printed as typed (I4).
 */

export type Ctx = { t: ExportTexts; data: PlanExport; team: Map<string, TeamMember> };

type Part = Content | null;
const parts = (items: Part[]): Content[] => items.filter((c): c is Content => c !== null);

export const heading = (text: string): Content => ({ text, style: 'h2', outline: true });
const meta = (items: (string | undefined | null)[]): Part => {
  const line = items.filter((p): p is string => typeof p === 'string' && p.length > 0);
  return line.length > 0 ? { text: line.join(' · '), style: 'meta' } : null;
};
const para = (text: string | undefined, style = 'body'): Part =>
  text && text.trim().length > 0 ? { text, style } : null;
const lead = (text: string): Content => ({ text, style: 'label' });
const labelled = (name: string, value: string | undefined | null): Part =>
  value && value.trim().length > 0
    ? { text: [{ text: `${name}: `, bold: true }, { text: value }], style: 'body' }
    : null;
const stack = (items: Part[], style?: string): Content => ({
  stack: parts(items),
  ...(style ? { style } : {}),
});
const empty = (t: ExportTexts): Content => ({ text: t.empty, style: 'muted' });
const truncatedNote = (t: ExportTexts, list: Listed<unknown>): Part =>
  list.truncated ? { text: t.truncated(list.items.length), style: 'muted' } : null;

/**
 * One item of a section. Its `head` — titles, labels, dates: short, bounded text — is
 * kept on one page (pdfmake's `unbreakable`), so that a heading or label never ends a
 * page apart from what it heads; its `body` — what people wrote, up to 10 000
 * characters — flows across pages. (pdfmake cannot keep together a block taller than a
 * page, and its `pageBreakBefore` hook lays the whole document out again for every break
 * it adds, which took seconds for a long plan: hence heads of bounded size.)
 */
type Block = { head: Part[]; body?: Part[]; style?: string };

/** Text short enough to keep with its head (a few lines). */
const SHORT_TEXT = 400;

/**
 * The body's opening kept with the head, so that a head does not end a page alone: a
 * short first paragraph whole, or a long one's first line (up to its first line break).
 */
function opening(body: Part[]): { kept: Part[]; rest: Part[] } {
  const [first, ...rest] = body.filter((c) => c !== null);
  if (!first || typeof first !== 'object' || Array.isArray(first) || !('text' in first)) {
    return { kept: [], rest: body };
  }
  const { text } = first;
  if (typeof text !== 'string') return { kept: [], rest: body };
  if (text.length <= SHORT_TEXT) return { kept: [first], rest };
  const cut = text.indexOf('\n');
  if (cut < 0 || cut > SHORT_TEXT) return { kept: [], rest: body };
  return {
    kept: [{ ...first, text: text.slice(0, cut), margin: 0 }],
    rest: [{ ...first, text: text.slice(cut + 1) }, ...rest],
  };
}

function blockContent(block: Block, above: Content[] = []): Content {
  const { kept, rest } = opening(block.body ?? []);
  return stack(
    [{ stack: parts([...above, ...block.head, ...kept]), unbreakable: true }, ...rest],
    block.style ?? 'block',
  );
}

/** A section: its heading kept with the head of its first item. */
function section(title: string, t: ExportTexts, blocks: Block[], ...after: Part[]): Content[] {
  const [first, ...rest] = blocks;
  if (!first) return [{ stack: [heading(title), empty(t)], unbreakable: true }];
  return parts([
    blockContent(first, [heading(title)]),
    ...rest.map((b) => blockContent(b)),
    ...after,
  ]);
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

export function aboutMeSection(ctx: Ctx, about: AboutMe): Content[] {
  const { t } = ctx;
  const fields = (Object.keys(t.aboutMeFields) as (keyof AboutMe)[]).filter(
    (field) => about[field].trim().length > 0,
  );
  return section(
    t.aboutMe,
    t,
    fields.map((field) => ({
      head: [{ text: t.aboutMeFields[field], style: 'h3' }],
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
    style: 'evaluation',
  };
}

/** "Measures for this goal": the label kept with the first of them. */
function measureList(t: ExportTexts, measures: Measure[]): Part {
  const [first, ...rest] = measures;
  if (!first) return null;
  return stack([
    {
      stack: [
        lead(t.goalMeasures),
        { ul: [first.title], ...(rest.length ? {} : { style: 'list' }) },
      ],
      unbreakable: true,
    },
    rest.length > 0 ? { ul: rest.map((m) => m.title), style: 'list' } : null,
  ]);
}

export function goalsSection(ctx: Ctx, goals: Listed<Goal>): Content[] {
  const { t, data } = ctx;
  const ids = new Set(goals.items.map((g) => g.id));
  const measures = data.measures?.items ?? null;
  const latest = data.evaluations ? latestEvaluations(data.evaluations.items) : null;
  const goalBlock = (goal: Goal, sub: boolean): Block => {
    const evaluation = latest?.byGoal.get(goal.id);
    return {
      head: [
        { text: goal.title, style: sub ? 'h4' : 'h3' },
        meta([
          label(t.goalStatus, goal.status),
          goal.targetDate ? t.targetDate(formatDate(t, goal.targetDate)) : null,
        ]),
      ],
      body: [
        para(goal.description),
        measureList(t, measures?.filter((m) => m.goalIds.includes(goal.id)) ?? []),
        evaluation ? blockContent(evaluationBlock(ctx, evaluation, t.latestEvaluation)) : null,
      ],
      style: sub ? 'subBlock' : 'block',
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

export function measuresSection(ctx: Ctx, measures: Listed<Measure>): Content[] {
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
        { text: m.title, style: 'h3' },
        meta([label(t.measureStatus, m.status)]),
        labelled(t.responsible, who(ctx, m.responsibleParticipantId) ?? t.noResponsible),
        labelled(t.when, when),
      ],
      body: [
        labelled(t.scopeField, m.scope),
        labelled(t.howCarriedOut, m.howCarriedOut),
        goals.length > 0 ? labelled(t.forGoals, goals.join('; ')) : null,
        para(m.description),
        evaluation ? blockContent(evaluationBlock(ctx, evaluation, t.latestEvaluation)) : null,
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
export function evaluationsSection(ctx: Ctx, evaluations: Listed<Evaluation>): Content[] {
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
      style: 'block',
    })),
    truncatedNote(t, evaluations),
  );
}

export function contributionsSection(ctx: Ctx, list: Listed<Contribution>): Content[] {
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

export function cooperationSection(ctx: Ctx, list: Listed<Cooperation>): Content[] {
  const { t } = ctx;
  return section(
    t.cooperation,
    t,
    list.items.map((c) => ({ head: [c.service ? lead(c.service) : null], body: [para(c.text)] })),
    truncatedNote(t, list),
  );
}

export function logSection(ctx: Ctx, list: Listed<LogEntry>): Content[] {
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

/** Consents are few (one per participant at most, and the plan's): kept on one page when short. */
const SHORT_TABLE = 15;

export function consentsSection(ctx: Ctx, list: Listed<Consent>): Content[] {
  const { t } = ctx;
  if (list.items.length === 0) return section(t.consents, t, []);
  const what = (c: Consent) =>
    c.kind === 'plan'
      ? t.consentPlan
      : t.consentSharing(
          (c.participantId ? ctx.team.get(c.participantId)?.name : undefined) ??
            t.formerParticipant,
        );
  const head = [t.consent, t.givenBy, t.method, t.date, t.consentStatus].map((text) => ({
    text,
    style: 'tableHead',
  }));
  const table: Content = {
    table: {
      headerRows: 1,
      keepWithHeaderRows: 1,
      dontBreakRows: true,
      widths: ['28%', '20%', '14%', '16%', '22%'],
      body: [
        head,
        ...list.items.map((c) => [
          { text: what(c) },
          { text: c.givenByName },
          { text: c.method === 'paper' ? t.paper : t.digital },
          { text: formatDate(t, c.givenOn) },
          { text: c.withdrawnAt ? t.withdrawn(formatDate(t, c.withdrawnAt)) : t.inForce },
        ]),
      ],
    },
    layout: 'lightHorizontalLines',
    style: 'table',
  };
  return parts([
    { stack: [heading(t.consents), table], unbreakable: list.items.length <= SHORT_TABLE },
    truncatedNote(t, list),
  ]);
}
