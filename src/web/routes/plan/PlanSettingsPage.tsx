import { Button, Heading, Paragraph } from '@digdir/designsystemet-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import {
  isStatus,
  type Plan,
  type PlanChanges,
  planAbilities,
  planKeys,
  plansApi,
} from '../../api/plans.ts';
import { FocusAlert, StatusMessage, useProblemText } from '../../components/forms.tsx';
import { type FieldSpec, ItemForm } from '../../components/plan/ItemForm.tsx';
import { dateInputValue } from '../../components/plan/labels.ts';
import { NoSectionAccess, PlanPageHeading, PlanRoute } from '../../components/plan/PlanShell.tsx';
import type { FormValues } from '../../components/plan/useDraft.ts';

/** /planer/:planId/endre — the coordinator's settings: title, period, type, closing. */
export default function PlanSettingsPage() {
  return <PlanRoute>{({ plan }) => <SettingsGate plan={plan} />}</PlanRoute>;
}

function SettingsGate({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  if (!planAbilities(plan).updatePlan) {
    return <NoSectionAccess plan={plan} heading={t('plan.edit.title')} />;
  }
  return <Settings plan={plan} />;
}

const toValues = (plan: Plan): FormValues => ({
  title: plan.title,
  start: dateInputValue(plan.period.start),
  end: dateInputValue(plan.period.end),
  nextRevision: dateInputValue(plan.period.nextRevision),
});

function Settings({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const planPath = `/planer/${encodeURIComponent(plan.id)}`;
  const fields: FieldSpec[] = [
    { name: 'title', kind: 'text', label: t('plan.new.planTitle'), required: true, max: 200 },
    { name: 'start', kind: 'date', label: t('plan.edit.start') },
    { name: 'end', kind: 'date', label: t('plan.edit.end') },
    {
      name: 'nextRevision',
      kind: 'date',
      label: t('plan.nextRevision'),
      description: t('plan.edit.nextRevisionHelp'),
    },
  ];
  const date = (value: string | string[] | undefined) =>
    typeof value === 'string' && value ? value : null;

  const saved = (fresh: Plan) => {
    queryClient.setQueryData(planKeys.plan(plan.id), fresh);
    void queryClient.invalidateQueries({ queryKey: planKeys.list });
  };

  return (
    <div className="page">
      <PlanPageHeading plan={plan} title={t('plan.edit.title')} />
      <div className="form-panel">
        <ItemForm
          planId={plan.id}
          draftSection="plan"
          itemId={plan.id}
          heading={t('plan.edit.detailsHeading')}
          headingLevel={2}
          fields={fields}
          initial={toValues(plan)}
          version={plan.version}
          submitLabel={t('plan.form.save')}
          save={(values, version) =>
            plansApi.update(plan.id, {
              version: version ?? plan.version,
              title: (values.title as string).trim(),
              period: {
                start: date(values.start),
                end: date(values.end),
                nextRevision: date(values.nextRevision),
              },
            })
          }
          fetchSaved={async () => {
            const fresh = await plansApi.read(plan.id);
            return { values: toValues(fresh), version: fresh.version, by: null, at: null };
          }}
          onSaved={(fresh) => {
            saved(fresh);
            navigate(planPath);
          }}
          onCancel={() => navigate(planPath)}
        />
      </div>
      {plan.type === 'simple' ? (
        <StatusChange
          plan={plan}
          heading={t('plan.edit.toIpHeading')}
          text={t('plan.edit.toIpText')}
          button={t('plan.edit.toIp')}
          confirm={t('plan.edit.toIpConfirm')}
          changes={{ type: 'ip' }}
          done={t('plan.edit.toIpDone')}
          onSaved={saved}
        />
      ) : null}
      {plan.status === 'active' ? (
        <StatusChange
          plan={plan}
          heading={t('plan.edit.closeHeading')}
          text={t('plan.edit.closeText')}
          button={t('plan.edit.close')}
          confirm={t('plan.edit.closeConfirm')}
          changes={{ status: 'closed' }}
          done={t('plan.edit.closed')}
          onSaved={saved}
          danger
        />
      ) : null}
    </div>
  );
}

function StatusChange({
  plan,
  heading,
  text,
  button,
  confirm,
  changes,
  done,
  onSaved,
  danger = false,
}: {
  plan: Plan;
  heading: string;
  text: string;
  button: string;
  confirm: string;
  changes: Omit<PlanChanges, 'version'>;
  done: string;
  onSaved: (plan: Plan) => void;
  danger?: boolean;
}) {
  const { t } = useTranslation();
  const problemText = useProblemText();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const confirmRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const run = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const fresh = await plansApi.update(plan.id, { version: plan.version, ...changes });
      setConfirming(false);
      setStatus(done);
      onSaved(fresh);
    } catch (error) {
      setConfirming(false);
      setProblem(isStatus(error, 409) ? t('plan.edit.stale') : problemText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="section">
      <Heading level={2} data-size="sm">
        {heading}
      </Heading>
      <Paragraph>{text}</Paragraph>
      <StatusMessage>{status}</StatusMessage>
      {problem ? <FocusAlert color="warning">{problem}</FocusAlert> : null}
      {confirming ? (
        <div className="confirm">
          <p ref={confirmRef} tabIndex={-1}>
            {confirm}
          </p>
          <div className="actions">
            <Button data-color={danger ? 'danger' : undefined} onClick={run} loading={busy}>
              {button}
            </Button>
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </Button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <Button variant="secondary" onClick={() => setConfirming(true)}>
            {button}
          </Button>
        </div>
      )}
    </section>
  );
}
