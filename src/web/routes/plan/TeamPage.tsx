import {
  Alert,
  Button,
  Heading,
  Link,
  Paragraph,
  Spinner,
  Table,
  Tag,
} from '@digdir/designsystemet-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useLocation } from 'react-router';
import { useNotificationStatus } from '../../api/notifications.ts';
import {
  accessEnded,
  type Consent,
  canRead,
  isStatus,
  type Level,
  type Participant,
  type Plan,
  planAbilities,
  planKeys,
  plansApi,
  type Section,
  sectionsOf,
  useParticipants,
} from '../../api/plans.ts';
import { FocusAlert, StatusMessage, useProblemText } from '../../components/forms.tsx';
import { functionLine, useFormat, usePlanLabels } from '../../components/plan/labels.ts';
import { LoadFailed, PlanPageHeading, PlanRoute } from '../../components/plan/PlanShell.tsx';

/** /planer/:planId/team — who takes part, what each is responsible for, and who sees what. */
export default function TeamPage() {
  return <PlanRoute>{({ plan, me }) => <Team plan={plan} meId={me.id} />}</PlanRoute>;
}

/** The level a participant is granted on a section; null when the caller is not shown it. */
export function levelOf(participant: Participant, section: Section): Level | null {
  return participant.access?.[section] ?? null;
}

/** Roles that see nothing before a sharing consent covers them. */
export const needsSharingConsent = (participant: Participant) =>
  participant.role === 'relative' || participant.role === 'professional';

export function useConsents(plan: Plan) {
  return useQuery({
    queryKey: planKeys.consents(plan.id),
    queryFn: ({ signal }) => plansApi.consents(plan.id, signal),
    select: (page) => page.items,
    enabled: canRead(plan.myAccess.consents),
  });
}

export function hasSharingConsent(consents: Consent[] | undefined, participantId: string) {
  return !!consents?.some(
    (c) => c.kind === 'sharing' && c.participantId === participantId && !c.withdrawnAt,
  );
}

function Team({ plan, meId }: { plan: Plan; meId: string }) {
  const { t } = useTranslation();
  const location = useLocation();
  const participants = useParticipants(plan.id);
  const consents = useConsents(plan);
  const abilities = planAbilities(plan);
  // Whose notifications fail: shown to those who see everybody's access (the server decides).
  const notifications = useNotificationStatus(plan.id, abilities.readAccessLog);
  const failing = new Set(
    notifications.data?.filter((n) => n.status === 'failing').map((n) => n.participantId),
  );
  const [status, setStatus] = useState<string>(
    () => (location.state as { status?: string } | null)?.status ?? '',
  );
  const [problem, setProblem] = useState<string | null>(null);
  const headingRef = useRef<HTMLDivElement>(null);

  const all = participants.data ?? [];
  const current = all.filter((p) => !accessEnded(p));
  const ended = all.filter((p) => accessEnded(p));

  return (
    <div className="page page-wide team-page">
      <div ref={headingRef} tabIndex={-1} className="focus-target">
        <PlanPageHeading plan={plan} title={t('plan.team.title')} />
      </div>
      <Paragraph>{t('plan.team.intro')}</Paragraph>
      <StatusMessage>{status}</StatusMessage>
      {problem ? <FocusAlert color="warning">{problem}</FocusAlert> : null}
      {abilities.manageTeam ? (
        <div className="actions no-print">
          <Button asChild>
            <RouterLink to={`/planer/${encodeURIComponent(plan.id)}/team/ny`}>
              {t('plan.team.add')}
            </RouterLink>
          </Button>
        </div>
      ) : null}
      {participants.isPending ? (
        <Spinner aria-label={t('layout.loading')} />
      ) : participants.isError ? (
        <LoadFailed />
      ) : (
        <>
          <ul className="item-list team-cards">
            {current.map((person) => (
              <ParticipantCard
                key={person.id}
                plan={plan}
                person={person}
                consents={consents.data}
                isMe={person.personId === meId}
                notifyFailing={failing.has(person.id)}
                onRemoved={(name) => {
                  setProblem(null);
                  setStatus(t('plan.team.removed', { name }));
                  headingRef.current?.focus();
                }}
                onProblem={(text) => {
                  setStatus('');
                  setProblem(text);
                }}
              />
            ))}
          </ul>
          <AccessTable plan={plan} participants={[...current, ...ended]} />
          {ended.length > 0 ? (
            <section className="section">
              <Heading level={2} data-size="sm">
                {t('plan.team.endedHeading')}
              </Heading>
              <ul className="item-list">
                {ended.map((person) => (
                  <ParticipantCard
                    key={person.id}
                    plan={plan}
                    person={person}
                    consents={consents.data}
                    onRemoved={() => {}}
                    onProblem={setProblem}
                    readOnly
                  />
                ))}
              </ul>
            </section>
          ) : null}
        </>
      )}
    </div>
  );
}

function ParticipantCard({
  plan,
  person,
  consents,
  onRemoved,
  onProblem,
  readOnly = false,
  isMe = false,
  notifyFailing = false,
}: {
  plan: Plan;
  person: Participant;
  consents: Consent[] | undefined;
  /** Nobody changes their own access. */
  isMe?: boolean;
  /** The newest notification to them failed (a wrong number or address, say). */
  notifyFailing?: boolean;
  onRemoved: (name: string) => void;
  onProblem: (text: string) => void;
  readOnly?: boolean;
}) {
  const { t } = useTranslation();
  const labels = usePlanLabels();
  const format = useFormat();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const abilities = planAbilities(plan);
  const [confirming, setConfirming] = useState(false);
  const [removing, setRemoving] = useState(false);
  const confirmRef = useRef<HTMLParagraphElement>(null);
  const removeRef = useRef<HTMLButtonElement>(null);
  const ended = accessEnded(person);
  const isOwner = person.role === 'owner';
  const editable =
    !readOnly && !isOwner && !isMe && (abilities.manageTeam || abilities.changeAccess);
  const sections = sectionsOf(plan.type);
  const byLevel = (level: Level) =>
    sections.filter((s) => levelOf(person, s) === level).map(labels.section);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const remove = async () => {
    setRemoving(true);
    try {
      await plansApi.removeParticipant(plan.id, person.id);
      await queryClient.invalidateQueries({ queryKey: planKeys.participants(plan.id) });
      onRemoved(person.name);
    } catch (error) {
      setConfirming(false);
      onProblem(isStatus(error, 403) ? t('plan.form.forbidden') : problemText(error));
    } finally {
      setRemoving(false);
    }
  };

  const write = byLevel('write');
  const read = byLevel('read');
  const none = byLevel('none');

  return (
    <li className="item">
      <Heading level={ended ? 3 : 2} data-size="xs" className="item-title">
        {person.name}
      </Heading>
      <p className="item-meta">
        {labels.role(person.role)}
        {functionLine(person) ? ` · ${functionLine(person)}` : ''}
      </p>
      {person.responsibility ? (
        <dl className="mini-facts">
          <dt>{t('plan.team.responsibility')}</dt>
          <dd className="plain-text">{person.responsibility}</dd>
        </dl>
      ) : null}
      {ended ? (
        <Paragraph data-size="sm">
          {person.validUntil
            ? t('plan.team.endedOn', { date: format.date(person.validUntil) })
            : t('plan.team.ended')}
        </Paragraph>
      ) : (
        <>
          {!isOwner && person.access ? (
            <dl className="mini-facts access-summary">
              {write.length > 0 ? (
                <>
                  <dt>{t('plan.level.write')}</dt>
                  <dd>{write.join(', ')}</dd>
                </>
              ) : null}
              {read.length > 0 ? (
                <>
                  <dt>{t('plan.level.read')}</dt>
                  <dd>{read.join(', ')}</dd>
                </>
              ) : null}
              {none.length > 0 ? (
                <>
                  <dt>{t('plan.level.none')}</dt>
                  <dd>
                    {none.length === sections.length ? t('plan.team.nothing') : none.join(', ')}
                  </dd>
                </>
              ) : null}
              <dt>{t('plan.team.validUntil')}</dt>
              <dd>{person.validUntil ? format.date(person.validUntil) : t('plan.team.noEnd')}</dd>
            </dl>
          ) : null}
          {needsSharingConsent(person) && consents ? (
            hasSharingConsent(consents, person.id) ? (
              <p className="item-meta">{t('plan.team.sharingGiven')}</p>
            ) : (
              <Tag data-color="warning" data-size="sm" className="tag-block">
                {t('plan.team.sharingMissing')}
              </Tag>
            )
          ) : null}
          {notifyFailing ? (
            <Tag data-color="danger" data-size="sm" className="tag-block">
              {t('plan.team.notifyFailing')}
            </Tag>
          ) : null}
        </>
      )}
      {editable ? (
        confirming ? (
          <div className="confirm no-print">
            <p ref={confirmRef} tabIndex={-1}>
              {t('plan.team.confirmRemove', { name: person.name })}
            </p>
            <div className="actions">
              <Button data-color="danger" data-size="sm" loading={removing} onClick={remove}>
                {t('plan.team.removeConfirm')}
              </Button>
              <Button
                variant="secondary"
                data-size="sm"
                onClick={() => {
                  setConfirming(false);
                  removeRef.current?.focus();
                }}
              >
                {t('common.cancel')}
              </Button>
            </div>
          </div>
        ) : (
          <div className="actions item-actions no-print">
            <Button asChild variant="secondary" data-size="sm">
              <RouterLink
                to={`/planer/${encodeURIComponent(plan.id)}/team/${encodeURIComponent(person.id)}`}
                aria-label={`${t('plan.team.edit')}: ${person.name}`}
              >
                {t('plan.team.edit')}
              </RouterLink>
            </Button>
            {abilities.manageTeam && person.role !== 'coordinator' ? (
              <Button
                ref={removeRef}
                variant="tertiary"
                data-size="sm"
                onClick={() => setConfirming(true)}
                aria-label={`${t('plan.team.remove')}: ${person.name}`}
              >
                {t('plan.team.remove')}
              </Button>
            ) : null}
          </div>
        )
      ) : null}
    </li>
  );
}

/** Who sees what, and until when: rows are people, columns the plan's sections. */
function AccessTable({ plan, participants }: { plan: Plan; participants: Participant[] }) {
  const { t } = useTranslation();
  const labels = usePlanLabels();
  const format = useFormat();
  const captionId = useId();
  const sections = sectionsOf(plan.type);
  // Rows only for people whose access the caller is shown (the owner's side and the
  // coordinator see everyone's; others may see only their own, or none).
  const rows = participants.filter((p) => p.access !== null);
  if (rows.length === 0) return null;

  return (
    <section className="section" aria-labelledby={captionId}>
      <Heading level={2} data-size="sm" id={captionId}>
        {t('plan.team.tableHeading')}
      </Heading>
      <Paragraph data-size="sm">{t('plan.team.tableHelp')}</Paragraph>
      {/* On a phone the table scrolls inside its own box, never the page. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard */}
      <section className="table-scroll" aria-labelledby={captionId} tabIndex={0}>
        <Table data-size="sm" className="access-table" border>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell scope="col">{t('plan.team.colPerson')}</Table.HeaderCell>
              {sections.map((section) => (
                <Table.HeaderCell key={section} scope="col">
                  {labels.section(section)}
                </Table.HeaderCell>
              ))}
              <Table.HeaderCell scope="col">{t('plan.team.validUntil')}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {rows.map((person) => {
              const ended = accessEnded(person);
              return (
                <Table.Row key={person.id} className={ended ? 'row-ended' : undefined}>
                  <Table.HeaderCell scope="row">
                    {person.name}
                    <span className="cell-sub">{labels.role(person.role)}</span>
                  </Table.HeaderCell>
                  {sections.map((section) => {
                    const level = ended ? 'none' : (levelOf(person, section) ?? 'none');
                    return (
                      <Table.Cell key={section} className={`level level-${level}`}>
                        {labels.level(level)}
                      </Table.Cell>
                    );
                  })}
                  <Table.Cell>
                    {ended
                      ? t('plan.team.endedShort')
                      : person.validUntil
                        ? format.date(person.validUntil)
                        : t('plan.team.noEnd')}
                  </Table.Cell>
                </Table.Row>
              );
            })}
          </Table.Body>
        </Table>
      </section>
      <Alert data-color="info" className="no-print">
        <Paragraph data-size="sm">{t('plan.team.consentNote')}</Paragraph>
        {canRead(plan.myAccess.consents) ? (
          <Paragraph data-size="sm">
            <Link asChild>
              <RouterLink to={`/planer/${encodeURIComponent(plan.id)}/samtykker`}>
                {t('plan.team.toConsents')}
              </RouterLink>
            </Link>
          </Paragraph>
        ) : null}
      </Alert>
    </section>
  );
}
