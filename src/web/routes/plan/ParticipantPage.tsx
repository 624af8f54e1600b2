import {
  Alert,
  Button,
  Field,
  Fieldset,
  Label,
  Link,
  Paragraph,
  Radio,
  Select,
  Spinner,
  Textfield,
} from '@digdir/designsystemet-react';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate, useParams } from 'react-router';
import { fieldErrorsOf } from '../../api/client.ts';
import {
  ACCESS_PRESETS,
  type AccessMap,
  accessEnded,
  isStatus,
  LEVELS,
  type Level,
  type Participant,
  type ParticipantInput,
  type Plan,
  type PlanRole,
  planAbilities,
  planKeys,
  plansApi,
  type Section,
  sectionsOf,
  useParticipants,
} from '../../api/plans.ts';
import {
  errorList,
  type FieldErrors,
  FocusAlert,
  FormErrorSummary,
  useProblemText,
} from '../../components/forms.tsx';
import { dateInputValue, today, usePlanLabels } from '../../components/plan/labels.ts';
import { PersonPicker, type PickedPerson } from '../../components/plan/PersonPicker.tsx';
import {
  LoadFailed,
  NoSectionAccess,
  PlanPageHeading,
  PlanRoute,
} from '../../components/plan/PlanShell.tsx';
import { levelOf, needsSharingConsent } from './TeamPage.tsx';

const ROLES = ['guardian', 'relative', 'professional', 'coordinator'] as const;
const FUNCTION_MAX = 120;
const ORGANIZATION_MAX = 200;
const RESPONSIBILITY_MAX = 2000;

/** /planer/:planId/team/ny and /planer/:planId/team/:participantId. */
export default function ParticipantPage() {
  return <PlanRoute>{({ plan }) => <ParticipantGate plan={plan} />}</PlanRoute>;
}

function ParticipantGate({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const { participantId } = useParams();
  const participants = useParticipants(plan.id);
  const abilities = planAbilities(plan);
  const adding = !participantId;
  const title = adding ? t('plan.participant.addTitle') : t('plan.participant.editTitle');

  if ((adding && !abilities.manageTeam) || (!adding && !abilities.changeAccess)) {
    return <NoSectionAccess plan={plan} heading={title} />;
  }
  if (participants.isPending) return <Spinner aria-label={t('layout.loading')} />;
  if (participants.isError) return <LoadFailed />;
  const existing = participants.data.find((p) => p.id === participantId);
  if (!adding && (!existing || existing.role === 'owner')) {
    return (
      <div className="page">
        <PlanPageHeading plan={plan} title={title} />
        <Alert data-color="info">
          <Paragraph>{t('plan.participant.notFound')}</Paragraph>
        </Alert>
      </div>
    );
  }
  return (
    <ParticipantForm
      plan={plan}
      title={title}
      existing={existing ?? null}
      team={participants.data}
    />
  );
}

type FormField = 'person' | 'functionTitle' | 'organizationName' | 'responsibility' | 'validUntil';

function fullAccess(
  plan: Plan,
  role: PlanRole,
  existing: Participant | null,
): Record<Section, Level> {
  return Object.fromEntries(
    sectionsOf(plan.type).map((section) => [
      section,
      (existing && levelOf(existing, section)) ?? ACCESS_PRESETS[role][section],
    ]),
  ) as Record<Section, Level>;
}

function ParticipantForm({
  plan,
  title,
  existing,
  team,
}: {
  plan: Plan;
  title: string;
  existing: Participant | null;
  team: Participant[];
}) {
  const { t } = useTranslation();
  const labels = usePlanLabels();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const abilities = planAbilities(plan);
  const id = useId();
  const ids: Record<FormField, string> = {
    person: `${id}-person`,
    functionTitle: `${id}-function`,
    organizationName: `${id}-organization`,
    responsibility: `${id}-responsibility`,
    validUntil: `${id}-valid-until`,
  };
  // The owner (or a guardian) may change what others see and until when; the rest is
  // the coordinator's.
  const accessOnly = !!existing && !abilities.manageTeam;
  const [person, setPerson] = useState<PickedPerson | null>(null);
  const [role, setRole] = useState<PlanRole>(existing?.role ?? 'professional');
  const [functionTitle, setFunctionTitle] = useState(existing?.functionTitle ?? '');
  const [organizationName, setOrganizationName] = useState(existing?.organizationName ?? '');
  const [responsibility, setResponsibility] = useState(existing?.responsibility ?? '');
  const [validUntil, setValidUntil] = useState(dateInputValue(existing?.validUntil));
  const [access, setAccess] = useState(() => fullAccess(plan, role, existing));
  const [accessTouched, setAccessTouched] = useState(!!existing);
  const [errors, setErrors] = useState<FieldErrors<FormField>>({});
  const [attempt, setAttempt] = useState(0);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const sections = sectionsOf(plan.type);
  const teamPath = `/planer/${encodeURIComponent(plan.id)}/team`;

  const unavailable = new Map(
    team
      .filter((p) => !accessEnded(p))
      .map((p) => [p.personId, t('plan.participant.alreadyIn', { role: labels.role(p.role) })]),
  );

  const chooseRole = (next: PlanRole) => {
    setRole(next);
    // Until the coordinator changes a cell, the access follows the role's preset.
    if (!accessTouched) setAccess(fullAccess(plan, next, null));
  };

  const setAll = (level: Level | 'preset') => {
    setAccessTouched(level !== 'preset');
    setAccess(
      level === 'preset'
        ? fullAccess(plan, role, null)
        : (Object.fromEntries(sections.map((s) => [s, level])) as Record<Section, Level>),
    );
  };

  const validate = (): FieldErrors<FormField> => ({
    person: !existing && !person ? t('plan.participant.personMissing') : undefined,
    functionTitle:
      functionTitle.trim().length > FUNCTION_MAX
        ? t('plan.tooLong', { max: FUNCTION_MAX })
        : undefined,
    organizationName:
      organizationName.trim().length > ORGANIZATION_MAX
        ? t('plan.tooLong', { max: ORGANIZATION_MAX })
        : undefined,
    responsibility:
      responsibility.trim().length > RESPONSIBILITY_MAX
        ? t('plan.tooLong', { max: RESPONSIBILITY_MAX })
        : undefined,
    validUntil:
      validUntil && validUntil < today() && validUntil !== dateInputValue(existing?.validUntil)
        ? t('plan.participant.validUntilPast')
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
    const text = (value: string) => value.trim() || null;
    const accessMap: AccessMap = { ...access };
    const body: ParticipantInput = accessOnly
      ? { role, access: accessMap, validUntil: validUntil || null }
      : {
          role,
          access: accessMap,
          validUntil: validUntil || null,
          functionTitle: text(functionTitle),
          organizationName: text(organizationName),
          responsibility: text(responsibility),
        };
    try {
      let saved: Participant;
      if (existing) {
        // A change: the role and the end date only when they changed.
        const { role: newRole, validUntil: newEnd, ...rest } = body;
        saved = await plansApi.updateParticipant(plan.id, existing.id, {
          ...rest,
          ...(!accessOnly && newRole !== existing.role ? { role: newRole } : {}),
          ...(newEnd !== (dateInputValue(existing.validUntil) || null)
            ? { validUntil: newEnd }
            : {}),
          version: existing.version,
        });
      } else if (person) {
        // A new participant: leave out what is empty.
        const fresh = Object.fromEntries(
          Object.entries(body).filter(([, value]) => value !== null),
        ) as ParticipantInput;
        saved = await plansApi.addParticipant(plan.id, { personId: person.id, ...fresh });
      } else {
        return;
      }
      await queryClient.invalidateQueries({ queryKey: planKeys.participants(plan.id) });
      const name = saved.name || person?.name || existing?.name || '';
      const status = existing
        ? t('plan.participant.saved', { name })
        : needsSharingConsent({ ...saved, role })
          ? t('plan.participant.addedNeedsConsent', { name })
          : t('plan.participant.added', { name });
      navigate(teamPath, { state: { status } });
    } catch (error) {
      if (isStatus(error, 400)) {
        const fields = fieldErrorsOf(error);
        const mapped: FieldErrors<FormField> = {
          person: fields.personId ? t('plan.participant.personRefused') : undefined,
          functionTitle: fields.functionTitle ? t('plan.fieldInvalid') : undefined,
          organizationName: fields.organizationName ? t('plan.fieldInvalid') : undefined,
          responsibility: fields.responsibility ? t('plan.fieldInvalid') : undefined,
          validUntil: fields.validUntil ? t('plan.fieldInvalid') : undefined,
        };
        if (Object.values(mapped).some(Boolean)) {
          setErrors(mapped);
          setAttempt((n) => n + 1);
        } else {
          setProblem(problemText(error));
        }
      } else if (isStatus(error, 409)) {
        setProblem(existing ? t('plan.participant.stale') : t('plan.participant.alreadyMember'));
        void queryClient.invalidateQueries({ queryKey: planKeys.participants(plan.id) });
      } else if (isStatus(error, 403)) {
        setProblem(t('plan.form.forbidden'));
      } else {
        setProblem(problemText(error));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="page">
      <PlanPageHeading plan={plan} title={existing ? `${title}: ${existing.name}` : title} />
      <Paragraph>
        {existing ? t('plan.participant.editIntro') : t('plan.participant.addIntro')}
      </Paragraph>
      <form className="form" noValidate onSubmit={submit}>
        <FormErrorSummary errors={errorList(errors, ids)} attempt={attempt} />
        {problem ? <FocusAlert color="warning">{problem}</FocusAlert> : null}
        {existing ? null : (
          <PersonPicker
            id={ids.person}
            legend={t('plan.participant.person')}
            description={t('plan.participant.personHelp')}
            selected={person}
            onSelect={setPerson}
            error={errors.person}
            unavailable={unavailable}
          />
        )}
        {accessOnly ? null : (
          <>
            <Fieldset>
              <Fieldset.Legend>{t('plan.participant.role')}</Fieldset.Legend>
              {ROLES.map((value) => (
                <Radio
                  key={value}
                  name="participant-role"
                  value={value}
                  label={labels.role(value)}
                  description={t(`plan.roleHelp.${value}` as const)}
                  checked={role === value}
                  onChange={() => chooseRole(value)}
                />
              ))}
            </Fieldset>
            <Textfield
              id={ids.functionTitle}
              label={t('plan.form.optional', { label: t('plan.participant.functionTitle') })}
              description={t('plan.participant.functionTitleHelp')}
              value={functionTitle}
              onChange={(e) => setFunctionTitle(e.target.value)}
              error={errors.functionTitle}
            />
            <Textfield
              id={ids.organizationName}
              label={t('plan.form.optional', { label: t('plan.participant.organizationName') })}
              description={t('plan.participant.organizationNameHelp')}
              value={organizationName}
              onChange={(e) => setOrganizationName(e.target.value)}
              error={errors.organizationName}
            />
            <Textfield
              id={ids.responsibility}
              multiline
              rows={3}
              label={t('plan.form.optional', { label: t('plan.participant.responsibility') })}
              description={t('plan.participant.responsibilityHelp')}
              value={responsibility}
              onChange={(e) => setResponsibility(e.target.value)}
              error={errors.responsibility}
            />
          </>
        )}
        <Fieldset className="access-fieldset">
          <Fieldset.Legend>{t('plan.participant.access')}</Fieldset.Legend>
          <Fieldset.Description>{t('plan.participant.accessHelp')}</Fieldset.Description>
          <div className="actions">
            <Button
              type="button"
              variant="secondary"
              data-size="sm"
              onClick={() => setAll('preset')}
            >
              {t('plan.participant.accessPreset', { role: labels.role(role) })}
            </Button>
            <Button type="button" variant="tertiary" data-size="sm" onClick={() => setAll('none')}>
              {t('plan.participant.accessNone')}
            </Button>
          </div>
          <div className="access-grid">
            {sections.map((section) => (
              <Field key={section}>
                <Label htmlFor={`${id}-access-${section}`}>{labels.section(section)}</Label>
                <Select
                  id={`${id}-access-${section}`}
                  value={access[section]}
                  onChange={(e) => {
                    setAccessTouched(true);
                    setAccess({ ...access, [section]: e.target.value as Level });
                  }}
                >
                  {LEVELS.map((level) => (
                    <Select.Option key={level} value={level}>
                      {labels.level(level)}
                    </Select.Option>
                  ))}
                </Select>
              </Field>
            ))}
          </div>
        </Fieldset>
        <Textfield
          id={ids.validUntil}
          type="date"
          className="date-field"
          label={t('plan.form.optional', { label: t('plan.participant.validUntil') })}
          description={t('plan.participant.validUntilHelp')}
          value={validUntil}
          onChange={(e) => setValidUntil(e.target.value)}
          error={errors.validUntil}
        />
        {needsSharingConsent({ ...(existing ?? ({} as Participant)), role }) && !existing ? (
          <Paragraph data-size="sm">{t('plan.participant.consentNote')}</Paragraph>
        ) : null}
        <div className="actions">
          <Button type="submit" loading={saving}>
            {existing ? t('plan.form.save') : t('plan.participant.submitAdd')}
          </Button>
          <Link asChild>
            <RouterLink to={teamPath}>{t('common.cancel')}</RouterLink>
          </Link>
        </div>
      </form>
    </div>
  );
}
