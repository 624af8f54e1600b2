import { useTranslation } from 'react-i18next';
import type { Level, PlanRole, PlanStatus, PlanType, Section } from '../../api/plans.ts';

function localeOf(language: string): string {
  if (language === 'en') return 'en-GB';
  if (language === 'nn') return 'nn-NO';
  return 'nb-NO';
}

/** "2026-03-03" as a local calendar date (never shifted by the time zone). */
function parseDate(value: string): Date | null {
  const plain = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (plain) return new Date(Number(plain[1]), Number(plain[2]) - 1, Number(plain[3]));
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time);
}

/** Today as "YYYY-MM-DD" in local time (for date fields). */
export function today(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** "2027-01-31T22:59:59Z" or "2027-01-31" → "2027-01-31" as shown in a date field. */
export function dateInputValue(value: string | null | undefined): string {
  if (!value) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const date = parseDate(value);
  if (!date) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Dates and times in the interface language: "3. mars 2026", "3. mars 14:02". */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = localeOf(i18n.language);
  const date = (value: string | null | undefined): string => {
    if (!value) return '';
    const parsed = parseDate(value);
    if (!parsed) return value;
    return new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    }).format(parsed);
  };
  const dateTime = (value: string | null | undefined): string => {
    if (!value) return '';
    const parsed = parseDate(value);
    if (!parsed) return value;
    const thisYear = parsed.getFullYear() === new Date().getFullYear();
    return new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'long',
      ...(thisYear ? {} : { year: 'numeric' }),
      hour: '2-digit',
      minute: '2-digit',
    }).format(parsed);
  };
  return { date, dateTime };
}

/** The words for roles, statuses, types, sections and access levels. */
export function usePlanLabels() {
  const { t } = useTranslation();
  const role = (value: PlanRole | null | undefined): string =>
    value
      ? {
          owner: t('plan.role.owner'),
          guardian: t('plan.role.guardian'),
          relative: t('plan.role.relative'),
          coordinator: t('plan.role.coordinator'),
          professional: t('plan.role.professional'),
        }[value]
      : '';
  const status = (value: PlanStatus): string =>
    ({
      draft: t('plan.status.draft'),
      active: t('plan.status.active'),
      closed: t('plan.status.closed'),
    })[value];
  const type = (value: PlanType): string =>
    value === 'ip' ? t('plan.type.ip') : t('plan.type.simple');
  const section = (value: Section): string =>
    ({
      aboutMe: t('plan.section.aboutMe'),
      goals: t('plan.section.goals'),
      measures: t('plan.section.measures'),
      contributions: t('plan.section.contributions'),
      evaluations: t('plan.section.evaluations'),
      log: t('plan.section.log'),
      consents: t('plan.section.consents'),
      cooperation: t('plan.section.cooperation'),
      messages: t('plan.section.messages'),
      meetings: t('plan.section.meetings'),
      tasks: t('plan.section.tasks'),
      documents: t('plan.section.documents'),
    })[value];
  const level = (value: Level): string =>
    ({
      none: t('plan.level.none'),
      read: t('plan.level.read'),
      write: t('plan.level.write'),
    })[value];
  return { role, status, type, section, level };
}

/** "Fysioterapeut" → "fysioterapeut" inside a sentence; "NAV-veileder" stays as it is. */
export function lowerFirst(value: string): string {
  const [first = '', second = ''] = value;
  if (second && second !== second.toLocaleLowerCase()) return value;
  return first.toLocaleLowerCase() + value.slice(1);
}

/** "Fysioterapeut, Demo kommune" from whatever of the two is there. */
export function functionLine(person: {
  functionTitle?: string | null;
  organizationName?: string | null;
}): string {
  return [person.functionTitle, person.organizationName].filter(Boolean).join(', ');
}

/**
 * Statuses of goals and measures as the API names them. Only these are offered in forms;
 * a status the app does not know is shown as the API wrote it.
 */
export const GOAL_STATUSES = ['proposed', 'active', 'achieved', 'dropped'] as const;
export const MEASURE_STATUSES = ['planned', 'ongoing', 'done', 'stopped'] as const;
export const ASSESSMENTS = ['good', 'partly', 'not'] as const;
const DONE = new Set(['achieved', 'dropped', 'done', 'stopped']);

export function isDone(status: string | null | undefined): boolean {
  return !!status && DONE.has(status);
}

export type TagColor = 'neutral' | 'info' | 'success' | 'warning';

export function useItemStatus() {
  const { t } = useTranslation();
  const words: Record<string, string> = {
    proposed: t('plan.itemStatus.proposed'),
    active: t('plan.itemStatus.active'),
    achieved: t('plan.itemStatus.achieved'),
    dropped: t('plan.itemStatus.dropped'),
    planned: t('plan.itemStatus.planned'),
    ongoing: t('plan.itemStatus.ongoing'),
    done: t('plan.itemStatus.done'),
    stopped: t('plan.itemStatus.stopped'),
    good: t('plan.assessment.good'),
    partly: t('plan.assessment.partly'),
    not: t('plan.assessment.not'),
  };
  const colors: Record<string, TagColor> = {
    active: 'info',
    ongoing: 'info',
    achieved: 'success',
    done: 'success',
    good: 'success',
    partly: 'warning',
    not: 'warning',
  };
  return {
    label: (status: string | null | undefined) => (status ? (words[status] ?? status) : ''),
    color: (status: string | null | undefined): TagColor => (status && colors[status]) || 'neutral',
  };
}
