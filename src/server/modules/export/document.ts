import type { PlanExport, TeamMember } from './gather.ts';
import { group, type PrintDocument, type PrintNode, text } from './model.ts';
import {
  aboutMeSection,
  type Ctx,
  consentsSection,
  contributionsSection,
  cooperationSection,
  evaluationsSection,
  goalsSection,
  heading,
  logSection,
  measuresSection,
} from './sections.ts';
import { EXPORT_TEXTS, type ExportTexts, formatDate, formatDateTime } from './texts.ts';

/**
 * The printed plan as print nodes (model.ts): a pure function of what was read for the
 * caller. The cover and the team here; the content sections in sections.ts.
 */

function cover(ctx: Ctx): PrintNode[] {
  const { t, data } = ctx;
  const { plan } = data;
  const date = (value: string | null) => (value ? formatDate(t, value) : null);
  const period =
    plan.periodStart || plan.periodEnd
      ? t.fromTo(date(plan.periodStart) ?? '…', date(plan.periodEnd) ?? '…')
      : t.notSet;
  const facts: [string, string][] = [
    [t.owner, plan.ownerName],
    [t.coordinator, plan.coordinatorName],
    [t.period, period],
    ...(plan.type === 'ip'
      ? [[t.nextRevision, date(plan.nextRevision) ?? t.notSet] as [string, string]]
      : []),
  ];
  return [
    text('H1', 'title', plan.title, { outline: true }),
    text('P', 'subtitle', `${t.type[plan.type]} · ${t.status[plan.status]}`),
    { kind: 'table', head: null, rowHeaders: true, rows: facts, widths: [0.3, 0.7], lines: false },
    text('P', 'note', t.printed(formatDateTime(t, data.printedAt), data.printedBy)),
    text('P', 'note', t.scope),
  ];
}

/** "Fysioterapeut, Demo kommune"; the role when no function is given or it says more. */
function whatTheyAre(t: ExportTexts, p: TeamMember): string {
  const role = t.role[p.role];
  const line = [p.functionTitle, p.organizationName].filter(Boolean).join(', ');
  if (!line) return role;
  const said = p.functionTitle?.toLocaleLowerCase() === role.toLocaleLowerCase();
  return p.role === 'professional' || said ? line : `${line} (${role})`;
}

function team(ctx: Ctx): PrintNode[] {
  const { t, data } = ctx;
  return [
    group('Sect', [
      heading(t.team),
      {
        kind: 'table',
        head: [t.name, t.roleAndWorkplace, t.responsibility],
        rowHeaders: true,
        widths: [0.3, 0.3, 0.4],
        lines: true,
        rows: data.team.map((p) => [p.name, whatTheyAre(t, p), p.responsibility ?? '']),
      },
    ]),
  ];
}

/** The document for this reader: cover, team, then each section they may read. */
export function planDocument(data: PlanExport): PrintDocument {
  const t = EXPORT_TEXTS[data.language];
  const ctx: Ctx = { t, data, team: new Map(data.team.map((p) => [p.id, p])) };
  const content: PrintNode[] = [...cover(ctx), ...team(ctx)];
  if (data.aboutMe) content.push(...aboutMeSection(ctx, data.aboutMe));
  if (data.goals) content.push(...goalsSection(ctx, data.goals));
  if (data.measures) content.push(...measuresSection(ctx, data.measures));
  if (data.evaluations) content.push(...evaluationsSection(ctx, data.evaluations));
  if (data.contributions) content.push(...contributionsSection(ctx, data.contributions));
  if (data.cooperation) content.push(...cooperationSection(ctx, data.cooperation));
  if (data.log) content.push(...logSection(ctx, data.log));
  if (data.consents) content.push(...consentsSection(ctx, data.consents));
  return {
    lang: t.bcp47,
    title: data.plan.title,
    subject: t.subject,
    createdAt: data.printedAt,
    footer: `${data.plan.title} · ${formatDate(t, data.printedAt)}`,
    pageLabel: t.page('{page}', '{pages}'),
    content,
  };
}
