import { Button, Heading, Paragraph, Spinner, Tag } from '@digdir/designsystemet-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
// The consent wording lives with the plans module; it is plain data (no server code).
import { consentText } from '../../../shared/consent-texts.ts';
import type { Me } from '../../api/me.ts';
import {
  accessEnded,
  type Consent,
  type ConsentKind,
  canRead,
  canWrite,
  isStatus,
  nameOf,
  type Participant,
  type Plan,
  planAbilities,
  planKeys,
  plansApi,
  useParticipants,
} from '../../api/plans.ts';
import { FocusAlert, StatusMessage, useProblemText } from '../../components/forms.tsx';
import { functionLine, useFormat } from '../../components/plan/labels.ts';
import { PaperConsent } from '../../components/plan/PaperConsent.tsx';
import {
  LoadFailed,
  NoAccessNotice,
  NoSectionAccess,
  PlanPageHeading,
  PlanRoute,
} from '../../components/plan/PlanShell.tsx';
import { hasSharingConsent, needsSharingConsent, useConsents } from './TeamPage.tsx';

/** /planer/:planId/samtykker — consent to the plan and to sharing with each participant. */
export default function ConsentsPage() {
  return <PlanRoute>{({ plan, me }) => <ConsentsGate plan={plan} me={me} />}</PlanRoute>;
}

function ConsentsGate({ plan, me }: { plan: Plan; me: Me }) {
  const { t } = useTranslation();
  if (!canRead(plan.myAccess.consents)) {
    return <NoSectionAccess plan={plan} heading={t('plan.consents.title')} />;
  }
  return <Consents plan={plan} me={me} />;
}

function Consents({ plan, me }: { plan: Plan; me: Me }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const consents = useConsents(plan);
  const participants = useParticipants(plan.id);
  const abilities = planAbilities(plan);
  const writable = canWrite(plan.myAccess.consents);
  const [status, setStatus] = useState('');

  const refresh = async (message: string) => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: planKeys.consents(plan.id) }),
      queryClient.invalidateQueries({ queryKey: planKeys.participants(plan.id) }),
      queryClient.invalidateQueries({ queryKey: planKeys.plan(plan.id) }),
    ]);
    setStatus(message);
  };

  if (consents.isPending || participants.isPending) {
    return (
      <div className="page">
        <PlanPageHeading plan={plan} title={t('plan.consents.title')} />
        <Spinner aria-label={t('layout.loading')} />
      </div>
    );
  }
  if (consents.isError || participants.isError) {
    return (
      <div className="page">
        <PlanPageHeading plan={plan} title={t('plan.consents.title')} />
        {isStatus(consents.error, 403) ? <NoAccessNotice plan={plan} /> : <LoadFailed />}
      </div>
    );
  }

  const list = consents.data;
  const team = participants.data;
  const planConsent = list.find((c) => c.kind === 'plan' && !c.withdrawnAt);

  return (
    <div className="page">
      <PlanPageHeading plan={plan} title={t('plan.consents.title')} />
      <Paragraph>{t('plan.consents.intro')}</Paragraph>
      <StatusMessage>{status}</StatusMessage>
      <PlanConsentStatus plan={plan} consent={planConsent} onActivated={refresh} />
      {abilities.giveConsent && writable ? (
        <DigitalConsent plan={plan} me={me} consents={list} team={team} onDone={refresh} />
      ) : null}
      {abilities.recordPaperConsent && writable ? (
        <PaperConsent plan={plan} team={team} consents={list} onDone={refresh} />
      ) : null}
      <ConsentHistory
        plan={plan}
        consents={list}
        team={team}
        writable={writable}
        onDone={refresh}
      />
    </div>
  );
}

function PlanConsentStatus({
  plan,
  consent,
  onActivated,
}: {
  plan: Plan;
  consent: Consent | undefined;
  onActivated: (message: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const problemText = useProblemText();
  const abilities = planAbilities(plan);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const activate = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await plansApi.update(plan.id, { version: plan.version, status: 'active' });
      await onActivated(t('plan.consents.activated'));
    } catch (error) {
      setProblem(
        isStatus(error, 409)
          ? consent
            ? t('plan.edit.stale')
            : t('plan.consents.activateNeedsConsent')
          : problemText(error),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="section" aria-labelledby="consent-status">
      <Heading level={2} data-size="sm" id="consent-status">
        {t('plan.consents.planHeading')}
      </Heading>
      {consent ? (
        <Paragraph>
          <Tag data-color="success" data-size="sm">
            {t('plan.consents.given')}
          </Tag>{' '}
          {t('plan.consents.givenLine', {
            name: nameOf(consent.givenBy),
            date: format.date(consent.givenOn),
            method:
              consent.method === 'paper' ? t('plan.consents.paper') : t('plan.consents.digital'),
          })}
        </Paragraph>
      ) : (
        <Paragraph>
          <Tag data-color="warning" data-size="sm">
            {t('plan.consents.missing')}
          </Tag>{' '}
          {t('plan.consents.missingText')}
        </Paragraph>
      )}
      {problem ? <FocusAlert color="warning">{problem}</FocusAlert> : null}
      {plan.status === 'draft' && abilities.updatePlan ? (
        consent ? (
          <>
            <Paragraph>{t('plan.consents.readyToActivate')}</Paragraph>
            <div className="actions">
              <Button onClick={activate} loading={busy}>
                {t('plan.consents.activate')}
              </Button>
            </div>
          </>
        ) : (
          <Paragraph className="muted">{t('plan.consents.activateLater')}</Paragraph>
        )
      ) : plan.status === 'active' ? (
        <Paragraph className="muted">{t('plan.consents.isActive')}</Paragraph>
      ) : null}
    </section>
  );
}

/** The owner (or guardian) consents here and now, with the words they agree to in front of them. */
function DigitalConsent({
  plan,
  me,
  consents,
  team,
  onDone,
}: {
  plan: Plan;
  me: Me;
  consents: Consent[];
  team: Participant[];
  onDone: (message: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const problemText = useProblemText();
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const hasPlanConsent = consents.some((c) => c.kind === 'plan' && !c.withdrawnAt);
  const waiting = team.filter(
    (p) => needsSharingConsent(p) && !accessEnded(p) && !hasSharingConsent(consents, p.id),
  );
  const forSomeoneElse = plan.owner.id !== me.id;

  const give = async (kind: ConsentKind, participant?: Participant) => {
    const key = participant?.id ?? 'plan';
    setBusy(key);
    setProblem(null);
    try {
      await plansApi.addConsent(plan.id, {
        kind,
        givenBy: me.id,
        method: 'digital',
        ...(participant ? { participantId: participant.id } : {}),
      });
      await onDone(
        participant
          ? t('plan.consents.sharingSaved', { name: participant.name })
          : t('plan.consents.planSaved'),
      );
    } catch (error) {
      setProblem(isStatus(error, 403) ? t('plan.form.forbidden') : problemText(error));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="section" aria-labelledby="consent-digital">
      <Heading level={2} data-size="sm" id="consent-digital">
        {t('plan.consents.giveHeading')}
      </Heading>
      {problem ? <FocusAlert color="warning">{problem}</FocusAlert> : null}
      {hasPlanConsent ? null : (
        <div className="consent-box">
          <Heading level={3} data-size="xs">
            {t('plan.consents.planConsentHeading')}
          </Heading>
          <p className="plain-text">
            {forSomeoneElse
              ? t('plan.consents.planTextGuardian', { owner: plan.owner.name })
              : t('plan.consents.planText')}
          </p>
          <ExactText kind="plan" />
          <div className="actions">
            <Button onClick={() => give('plan')} loading={busy === 'plan'}>
              {t('plan.consents.agree')}
            </Button>
          </div>
        </div>
      )}
      {waiting.map((participant) => (
        <div key={participant.id} className="consent-box">
          <Heading level={3} data-size="xs">
            {t('plan.consents.sharingHeading', { name: participant.name })}
          </Heading>
          <p className="plain-text">
            {t('plan.consents.sharingText', {
              name: participant.name,
              what: functionLine(participant) || participant.name,
            })}
          </p>
          <ExactText kind="sharing" />
          <div className="actions">
            <Button
              variant="secondary"
              onClick={() => give('sharing', participant)}
              loading={busy === participant.id}
            >
              {t('plan.consents.agreeSharing', { name: participant.name })}
            </Button>
          </div>
        </div>
      ))}
      {hasPlanConsent && waiting.length === 0 ? (
        <Paragraph className="muted">{t('plan.consents.nothingToGive')}</Paragraph>
      ) : null}
    </section>
  );
}

/**
 * The wording stored with the consent, exactly as the server records it (bokmål, versioned).
 * TODO: read it from src/shared (or an endpoint) once the plans module moves it there.
 */
function ExactText({ kind }: { kind: ConsentKind }) {
  const { t } = useTranslation();
  return (
    <div className="exact-text">
      <Paragraph data-size="sm">{t('plan.consents.exactText')}</Paragraph>
      <blockquote lang="nb" className="plain-text">
        {consentText(kind).text}
      </blockquote>
    </div>
  );
}

function ConsentHistory({
  plan,
  consents,
  team,
  writable,
  onDone,
}: {
  plan: Plan;
  consents: Consent[];
  team: Participant[];
  writable: boolean;
  onDone: (message: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  return (
    <section className="section" aria-labelledby="consent-history">
      <Heading level={2} data-size="sm" id="consent-history">
        {t('plan.consents.historyHeading')}
      </Heading>
      {consents.length === 0 ? (
        <Paragraph className="muted">{t('plan.consents.none')}</Paragraph>
      ) : (
        <ul className="item-list">
          {consents.map((consent) => (
            <ConsentItem
              key={consent.id}
              plan={plan}
              consent={consent}
              team={team}
              writable={writable && plan.status !== 'closed'}
              onDone={onDone}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function ConsentItem({
  plan,
  consent,
  team,
  writable,
  onDone,
}: {
  plan: Plan;
  consent: Consent;
  team: Participant[];
  writable: boolean;
  onDone: (message: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const problemText = useProblemText();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const confirmRef = useRef<HTMLParagraphElement>(null);
  const participant = team.find((p) => p.id === consent.participantId);
  const title =
    consent.kind === 'plan'
      ? t('plan.consents.kindPlan')
      : t('plan.consents.sharingWith', {
          name: participant?.name ?? t('plan.consents.formerParticipant'),
        });
  const text = consent.text ?? consent.consentText;

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const withdraw = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await plansApi.withdrawConsent(plan.id, consent.id);
      setConfirming(false);
      await onDone(t('plan.consents.withdrawn'));
    } catch (error) {
      setProblem(isStatus(error, 403) ? t('plan.form.forbidden') : problemText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="item">
      <Heading level={3} data-size="xs" className="item-title">
        {title}
      </Heading>
      <div className="tag-row">
        {consent.withdrawnAt ? (
          <Tag data-color="neutral" data-size="sm">
            {t('plan.consents.withdrawnOn', { date: format.date(consent.withdrawnAt) })}
          </Tag>
        ) : (
          <Tag data-color="success" data-size="sm">
            {t('plan.consents.valid')}
          </Tag>
        )}
      </div>
      <p className="item-meta">
        {t('plan.consents.givenLine', {
          name: nameOf(consent.givenBy),
          date: format.date(consent.givenOn),
          method:
            consent.method === 'paper' ? t('plan.consents.paper') : t('plan.consents.digital'),
        })}
        {consent.recordedBy && consent.method === 'paper'
          ? ` ${t('plan.consents.recordedBy', { name: nameOf(consent.recordedBy) })}`
          : ''}
      </p>
      {text ? <p className="plain-text consent-text">{text}</p> : null}
      {problem ? <FocusAlert color="warning">{problem}</FocusAlert> : null}
      {writable && !consent.withdrawnAt ? (
        confirming ? (
          <div className="confirm no-print">
            <p ref={confirmRef} tabIndex={-1}>
              {consent.kind === 'plan'
                ? t('plan.consents.confirmWithdrawPlan')
                : t('plan.consents.confirmWithdrawSharing', { name: participant?.name ?? '' })}
            </p>
            <div className="actions">
              <Button data-color="danger" data-size="sm" onClick={withdraw} loading={busy}>
                {t('plan.consents.withdrawConfirm')}
              </Button>
              <Button variant="secondary" data-size="sm" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </Button>
            </div>
          </div>
        ) : (
          <div className="actions no-print">
            <Button
              variant="tertiary"
              data-size="sm"
              onClick={() => setConfirming(true)}
              aria-label={`${t('plan.consents.withdraw')}: ${title}`}
            >
              {t('plan.consents.withdraw')}
            </Button>
          </div>
        )
      ) : null}
    </li>
  );
}
