import {
  Button,
  Field,
  Fieldset,
  Heading,
  Label,
  Paragraph,
  Radio,
  Select,
  Textfield,
  ValidationMessage,
} from '@digdir/designsystemet-react';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '../../api/client.ts';
import {
  accessEnded,
  type Consent,
  type ConsentKind,
  isStatus,
  type Participant,
  type Plan,
  plansApi,
} from '../../api/plans.ts';
import { needsSharingConsent } from '../../routes/plan/TeamPage.tsx';
import {
  errorList,
  type FieldErrors,
  FocusAlert,
  FormErrorSummary,
  useProblemText,
} from '../forms.tsx';
import { functionLine, today } from './labels.ts';

/** /planer/:planId/samtykker — consent to the plan and to sharing with each participant. */

type PaperField = 'participant' | 'givenBy' | 'givenOn';

/** The coordinator registers a consent signed on paper, with the date on the form. */
export function PaperConsent({
  plan,
  team,
  consents,
  onDone,
}: {
  plan: Plan;
  team: Participant[];
  consents: Consent[];
  onDone: (message: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const problemText = useProblemText();
  const id = useId();
  const ids: Record<PaperField, string> = {
    participant: `${id}-participant`,
    givenBy: `${id}-given-by`,
    givenOn: `${id}-given-on`,
  };
  const givers = team.filter(
    (p) => (p.role === 'owner' || p.role === 'guardian') && !accessEnded(p),
  );
  const sharable = team.filter((p) => needsSharingConsent(p) && !accessEnded(p));
  const hasPlanConsent = consents.some((c) => c.kind === 'plan' && !c.withdrawnAt);
  const [kind, setKind] = useState<ConsentKind>(hasPlanConsent ? 'sharing' : 'plan');
  const [participantId, setParticipantId] = useState('');
  const [givenBy, setGivenBy] = useState(
    () => givers.find((p) => p.role === 'owner')?.personId ?? givers[0]?.personId ?? '',
  );
  const [givenOn, setGivenOn] = useState(today());
  const [errors, setErrors] = useState<FieldErrors<PaperField>>({});
  const [attempt, setAttempt] = useState(0);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const validate = (): FieldErrors<PaperField> => ({
    participant:
      kind === 'sharing' && !participantId ? t('plan.consents.participantMissing') : undefined,
    givenBy: givenBy ? undefined : t('plan.consents.givenByMissing'),
    givenOn: !givenOn
      ? t('plan.consents.givenOnMissing')
      : givenOn > today()
        ? t('plan.consents.givenOnFuture')
        : undefined,
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    setProblem(null);
    const found = validate();
    if (Object.values(found).some(Boolean)) {
      setErrors(found);
      setAttempt((n) => n + 1);
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      await plansApi.addConsent(plan.id, {
        kind,
        givenBy,
        method: 'paper',
        givenOn,
        ...(kind === 'sharing' ? { participantId } : {}),
      });
      const participant = team.find((p) => p.id === participantId);
      setParticipantId('');
      if (kind === 'plan') setKind('sharing');
      await onDone(
        kind === 'plan'
          ? t('plan.consents.planSaved')
          : t('plan.consents.sharingSaved', { name: participant?.name ?? '' }),
      );
    } catch (error) {
      if (isStatus(error, 400)) {
        const fields = fieldErrorsOf(error);
        const mapped: FieldErrors<PaperField> = {
          participant: fields.participantId ? t('plan.fieldInvalid') : undefined,
          givenBy: fields.givenBy ? t('plan.fieldInvalid') : undefined,
          givenOn: fields.givenOn ? t('plan.fieldInvalid') : undefined,
        };
        if (Object.values(mapped).some(Boolean)) {
          setErrors(mapped);
          setAttempt((n) => n + 1);
        } else setProblem(problemText(error));
      } else {
        setProblem(isStatus(error, 403) ? t('plan.form.forbidden') : problemText(error));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="section" aria-labelledby="consent-paper">
      <Heading level={2} data-size="sm" id="consent-paper">
        {t('plan.consents.paperHeading')}
      </Heading>
      <Paragraph>{t('plan.consents.paperIntro')}</Paragraph>
      <form className="form" noValidate onSubmit={submit}>
        <FormErrorSummary errors={errorList(errors, ids)} attempt={attempt} />
        {problem ? <FocusAlert color="warning">{problem}</FocusAlert> : null}
        <Fieldset>
          <Fieldset.Legend>{t('plan.consents.kind')}</Fieldset.Legend>
          <Radio
            name="consent-kind"
            value="plan"
            label={t('plan.consents.kindPlan')}
            checked={kind === 'plan'}
            onChange={() => setKind('plan')}
          />
          <Radio
            name="consent-kind"
            value="sharing"
            label={t('plan.consents.kindSharing')}
            checked={kind === 'sharing'}
            onChange={() => setKind('sharing')}
          />
        </Fieldset>
        {kind === 'sharing' ? (
          <Field>
            <Label htmlFor={ids.participant}>{t('plan.consents.participant')}</Label>
            <Select
              id={ids.participant}
              value={participantId}
              onChange={(e) => setParticipantId(e.target.value)}
              aria-invalid={errors.participant ? true : undefined}
            >
              <Select.Option value="">{t('plan.consents.choose')}</Select.Option>
              {sharable.map((p) => (
                <Select.Option key={p.id} value={p.id}>
                  {functionLine(p) ? `${p.name} (${functionLine(p)})` : p.name}
                </Select.Option>
              ))}
            </Select>
            {errors.participant ? (
              <ValidationMessage>{errors.participant}</ValidationMessage>
            ) : null}
          </Field>
        ) : null}
        <Field>
          <Label htmlFor={ids.givenBy}>{t('plan.consents.givenBy')}</Label>
          <Select
            id={ids.givenBy}
            value={givenBy}
            onChange={(e) => setGivenBy(e.target.value)}
            aria-invalid={errors.givenBy ? true : undefined}
          >
            {givers.length === 0 ? (
              <Select.Option value="">{t('plan.consents.choose')}</Select.Option>
            ) : null}
            {givers.map((p) => (
              <Select.Option key={p.id} value={p.personId}>
                {`${p.name} (${p.role === 'owner' ? t('plan.role.owner') : t('plan.role.guardian')})`}
              </Select.Option>
            ))}
          </Select>
          {errors.givenBy ? <ValidationMessage>{errors.givenBy}</ValidationMessage> : null}
        </Field>
        <Textfield
          id={ids.givenOn}
          type="date"
          className="date-field"
          label={t('plan.consents.givenOn')}
          description={t('plan.consents.givenOnHelp')}
          value={givenOn}
          max={today()}
          onChange={(e) => setGivenOn(e.target.value)}
          error={errors.givenOn}
        />
        <div className="actions">
          <Button type="submit" loading={saving}>
            {t('plan.consents.paperSubmit')}
          </Button>
        </div>
      </form>
    </section>
  );
}
