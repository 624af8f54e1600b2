import { Alert, Button, Checkbox, Paragraph, Spinner } from '@digdir/designsystemet-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type AccessLogEntry,
  isStatus,
  PLAN_ROLES,
  type Plan,
  type PlanRole,
  planAbilities,
  planKeys,
  plansApi,
  SECTIONS,
  type Section,
} from '../../api/plans.ts';
import { useProblemText } from '../../components/forms.tsx';
import { lowerFirst, useFormat, usePlanLabels } from '../../components/plan/labels.ts';
import {
  NoAccessNotice,
  NoSectionAccess,
  PlanPageHeading,
  PlanRoute,
} from '../../components/plan/PlanShell.tsx';

/** /planer/:planId/innsyn — who has read or changed the plan, newest first, a page at a time. */
export default function AccessLogPage() {
  return <PlanRoute>{({ plan, me }) => <AccessLogGate plan={plan} meName={me.name} />}</PlanRoute>;
}

function AccessLogGate({ plan, meName }: { plan: Plan; meName: string }) {
  const { t } = useTranslation();
  if (!planAbilities(plan).readAccessLog) {
    return <NoSectionAccess plan={plan} heading={t('plan.accessLog.title')} />;
  }
  return <AccessLog plan={plan} meName={meName} />;
}

type Verb = 'read' | 'create' | 'update' | 'delete' | 'other';

/** The kind of action, from the audit action name ("section.read", "goals.update", ...). */
function verbOf(action: string): Verb {
  const a = action.toLowerCase();
  if (/(read|view|list|open|export)/.test(a)) return 'read';
  if (/(create|add|record|give|post)/.test(a)) return 'create';
  if (/(update|change|edit|patch|put|activate|withdraw)/.test(a)) return 'update';
  if (/(delete|remove)/.test(a)) return 'delete';
  return 'other';
}

type Part = Section | 'team' | 'plan' | 'accessLog';

/** The audit's subject ("goals", "participant", "consent", "plan", ...) as a part of the plan. */
function partOf(value: string | null): Part | null {
  if (!value) return null;
  if (value === 'participant' || value === 'participants') return 'team';
  if (value === 'consent') return 'consents';
  if (value === 'about-me') return 'aboutMe';
  if (value === 'plan' || value === 'accessLog') return value;
  return (SECTIONS as readonly string[]).includes(value) ? (value as Section) : null;
}

type Line = { key: string; text: string; organization: string | null; count: number };

function AccessLog({ plan, meName }: { plan: Plan; meName: string }) {
  const { t } = useTranslation();
  const [showMine, setShowMine] = useState(false);
  const problemText = useProblemText();
  const format = useFormat();
  const labels = usePlanLabels();
  const log = useInfiniteQuery({
    queryKey: planKeys.accessLog(plan.id),
    queryFn: ({ pageParam, signal }) => plansApi.accessLog(plan.id, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
    staleTime: 0,
  });
  const items = log.data?.pages.flatMap((page) => page.items) ?? [];

  const whatOf = (entry: AccessLogEntry): string => {
    const part = partOf(entry.section);
    const verb = verbOf(entry.action);
    if (part === null || part === 'plan') {
      if (verb === 'read') return t('plan.accessLog.openedPlan');
      return verb === 'create' ? t('plan.accessLog.createdPlan') : t('plan.accessLog.changedPlan');
    }
    const name =
      part === 'team'
        ? t('plan.team.title')
        : part === 'accessLog'
          ? t('plan.accessLog.logName')
          : labels.section(part);
    return {
      read: t('plan.accessLog.read', { part: name }),
      create: t('plan.accessLog.created', { part: name }),
      update: t('plan.accessLog.updated', { part: name }),
      delete: t('plan.accessLog.deleted', { part: name }),
      other: t('plan.accessLog.other', { part: name }),
    }[verb];
  };

  const whoOf = (entry: AccessLogEntry): string => {
    const role = entry.actor.role as PlanRole | null | undefined;
    const what = entry.actor.functionTitle
      ? lowerFirst(entry.actor.functionTitle)
      : role && PLAN_ROLES.includes(role)
        ? lowerFirst(labels.role(role))
        : '';
    return [entry.actor.name, what].filter(Boolean).join(', ');
  };

  // The person's own reading is noise in "who has seen my plan": hidden unless asked for.
  // Repeats of the same line in the same minute are shown once, with a count.
  const isMine = (entry: AccessLogEntry) =>
    entry.actor.name === meName && entry.actor.role === plan.myRole;
  const lines: Line[] = [];
  items.forEach((entry, index) => {
    if (!showMine && isMine(entry)) return;
    const text = t('plan.accessLog.line', {
      who: whoOf(entry),
      what: whatOf(entry),
      when: format.dateTime(entry.at),
    });
    const last = lines[lines.length - 1];
    if (last && last.text === text && last.organization === entry.actor.organizationName) {
      last.count += 1;
    } else {
      lines.push({
        key: `${entry.at}-${index}`,
        text,
        organization: entry.actor.organizationName ?? null,
        count: 1,
      });
    }
  });

  return (
    <div className="page">
      <PlanPageHeading plan={plan} title={t('plan.accessLog.title')} />
      <Paragraph>
        {plan.myRole === 'owner' ? t('plan.accessLog.introOwner') : t('plan.accessLog.intro')}
      </Paragraph>
      {log.isPending ? (
        <Spinner aria-label={t('layout.loading')} />
      ) : log.isError ? (
        isStatus(log.error, 403) ? (
          <NoAccessNotice plan={plan} />
        ) : (
          <Alert data-color="warning">
            <Paragraph>{problemText(log.error)}</Paragraph>
          </Alert>
        )
      ) : items.length === 0 ? (
        <Paragraph className="muted">{t('plan.accessLog.empty')}</Paragraph>
      ) : (
        <>
          <Checkbox
            label={t('plan.accessLog.showMine')}
            checked={showMine}
            onChange={(e) => setShowMine(e.target.checked)}
          />
          {lines.length === 0 ? (
            <Paragraph className="muted">{t('plan.accessLog.onlyMine')}</Paragraph>
          ) : (
            <ol className="access-log">
              {lines.map((line) => (
                <li key={line.key}>
                  {line.text}
                  {line.count > 1 ? ` ${t('plan.accessLog.times', { count: line.count })}` : ''}
                  {line.organization ? <span className="muted"> ({line.organization})</span> : null}
                </li>
              ))}
            </ol>
          )}
          {log.hasNextPage ? (
            <div className="actions no-print">
              <Button
                variant="secondary"
                loading={log.isFetchingNextPage}
                onClick={() => void log.fetchNextPage()}
              >
                {t('plan.showOlder')}
              </Button>
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}
