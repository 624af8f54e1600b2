import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { PlanExport, TeamMember } from './gather.ts';
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
 * The printed plan as one pdfmake document definition: a pure function of what was read
 * for the caller. A new definition for every output (pdfmake 0.3 fills it in while it
 * renders; STACK.md).
 */

const INK = '#1f2328';
const MUTED = '#57606a';

const STYLES: TDocumentDefinitions['styles'] = {
  title: { fontSize: 22, bold: true, lineHeight: 1.1, margin: [0, 0, 0, 4] },
  subtitle: { fontSize: 12, color: MUTED, margin: [0, 0, 0, 14] },
  h2: { fontSize: 15, bold: true, margin: [0, 20, 0, 8] },
  h3: { fontSize: 12, bold: true, margin: [0, 0, 0, 2] },
  h4: { fontSize: 11, bold: true, margin: [0, 0, 0, 2] },
  label: { bold: true, margin: [0, 4, 0, 1] },
  meta: { fontSize: 9.5, color: MUTED, margin: [0, 0, 0, 3] },
  muted: { color: MUTED, italics: true, margin: [0, 2, 0, 4] },
  body: { margin: [0, 0, 0, 3] },
  block: { margin: [0, 4, 0, 10] },
  subBlock: { margin: [18, 0, 0, 10] },
  evaluation: { margin: [10, 4, 0, 2] },
  list: { margin: [0, 0, 0, 3] },
  facts: { margin: [0, 0, 0, 12] },
  table: { margin: [0, 2, 0, 8] },
  tableHead: { bold: true, fontSize: 9.5 },
  note: { fontSize: 9.5, color: MUTED, margin: [0, 0, 0, 2] },
  footer: { fontSize: 8.5, color: MUTED },
};

function cover(ctx: Ctx): Content[] {
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
    { text: plan.title, style: 'title', outline: true },
    { text: `${t.type[plan.type]} · ${t.status[plan.status]}`, style: 'subtitle' },
    {
      table: {
        widths: ['auto', '*'],
        body: facts.map(([name, value]) => [{ text: name, bold: true }, { text: value }]),
      },
      layout: 'noBorders',
      style: 'facts',
    },
    { text: t.printed(formatDateTime(t, data.printedAt), data.printedBy), style: 'note' },
    { text: t.scope, style: 'note' },
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

function team(ctx: Ctx): Content[] {
  const { t, data } = ctx;
  return [
    heading(t.team),
    {
      table: {
        headerRows: 1,
        dontBreakRows: true,
        widths: ['30%', '30%', '*'],
        body: [
          [t.name, t.roleAndWorkplace, t.responsibility].map((text) => ({
            text,
            style: 'tableHead',
          })),
          ...data.team.map((p) => [
            { text: p.name, bold: true },
            { text: whatTheyAre(t, p) },
            { text: p.responsibility ?? '' },
          ]),
        ],
      },
      layout: 'lightHorizontalLines',
      style: 'table',
    },
  ];
}

/** The document for this reader: cover, team, then each section they may read. */
export function planDocument(data: PlanExport): TDocumentDefinitions {
  const t = EXPORT_TEXTS[data.language];
  const ctx: Ctx = { t, data, team: new Map(data.team.map((p) => [p.id, p])) };
  const content: Content[] = [...cover(ctx), ...team(ctx)];
  if (data.aboutMe) content.push(...aboutMeSection(ctx, data.aboutMe));
  if (data.goals) content.push(...goalsSection(ctx, data.goals));
  if (data.measures) content.push(...measuresSection(ctx, data.measures));
  if (data.evaluations) content.push(...evaluationsSection(ctx, data.evaluations));
  if (data.contributions) content.push(...contributionsSection(ctx, data.contributions));
  if (data.cooperation) content.push(...cooperationSection(ctx, data.cooperation));
  if (data.log) content.push(...logSection(ctx, data.log));
  if (data.consents) content.push(...consentsSection(ctx, data.consents));
  const printed = formatDate(t, data.printedAt);

  return {
    pageSize: 'A4',
    pageMargins: [56, 56, 56, 64],
    language: t.bcp47,
    displayTitle: true,
    info: {
      title: data.plan.title,
      subject: t.subject,
      creator: 'Samvirke',
      producer: 'Samvirke',
      creationDate: data.printedAt,
    },
    defaultStyle: { font: 'Roboto', fontSize: 10.5, lineHeight: 1.25, color: INK },
    styles: STYLES,
    content,
    footer: (page, pages) => ({
      margin: [56, 24, 56, 0],
      columns: [
        { text: `${data.plan.title} · ${printed}`, style: 'footer' },
        { text: t.page(page, pages), style: 'footer', alignment: 'right', width: 'auto' },
      ],
    }),
  };
}
