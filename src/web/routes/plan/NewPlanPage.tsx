import {
  Button,
  Fieldset,
  Heading,
  Link,
  Paragraph,
  Radio,
  Textfield,
} from '@digdir/designsystemet-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate, useSearchParams } from 'react-router';
import { fieldErrorsOf } from '../../api/client.ts';
import { type Me, mayCreatePlans } from '../../api/me.ts';
import { peopleApi, personKey } from '../../api/people.ts';
import { isStatus, type PlanType, planKeys, plansApi } from '../../api/plans.ts';
import {
  errorList,
  type FieldErrors,
  FocusAlert,
  FormErrorSummary,
  isNetworkError,
  useProblemText,
} from '../../components/forms.tsx';
import { NoAccess } from '../../components/NoAccess.tsx';
import { PersonPicker, type PickedPerson } from '../../components/plan/PersonPicker.tsx';
import { RequireLogin } from '../../components/RequireLogin.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';

const TITLE_MAX = 200;

export default function NewPlanPage() {
  const { t } = useTranslation();
  usePageTitle(t('plan.new.title'));
  return (
    <RequireLogin>{(me) => (mayCreatePlans(me) ? <NewPlan me={me} /> : <NoAccess />)}</RequireLogin>
  );
}

type Field = 'owner' | 'title';

function NewPlan({ me }: { me: Me }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const problemText = useProblemText();
  const [params] = useSearchParams();
  const id = useId();
  const ids: Record<Field, string> = { owner: `${id}-owner`, title: `${id}-title` };
  const [owner, setOwner] = useState<PickedPerson | null>(null);
  const [title, setTitle] = useState('');
  const [titleTouched, setTitleTouched] = useState(false);
  const [type, setType] = useState<PlanType>('ip');
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [attempt, setAttempt] = useState(0);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  // Coming from registering the person (?eier=<id>): they are chosen already.
  const preset = params.get('eier');
  const presetPerson = useQuery({
    queryKey: personKey(preset ?? ''),
    queryFn: ({ signal }) => peopleApi.read(preset ?? '', signal),
    enabled: !!preset,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the person arrives
  useEffect(() => {
    const person = presetPerson.data;
    if (person) pick({ id: person.id, name: person.name, username: person.username });
  }, [presetPerson.data]);

  function pick(person: PickedPerson | null) {
    setOwner(person);
    if (person) setErrors((current) => ({ ...current, owner: undefined }));
    // Suggest a title until the coordinator writes one.
    if (!titleTouched) setTitle(person ? t('plan.new.titleSuggestion', { name: person.name }) : '');
  }

  const validate = (): FieldErrors<Field> => ({
    owner: owner ? undefined : t('plan.new.ownerMissing'),
    title: !title.trim()
      ? t('plan.new.titleMissing')
      : title.trim().length > TITLE_MAX
        ? t('plan.tooLong', { max: TITLE_MAX })
        : undefined,
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    setProblem(null);
    const found = validate();
    if (found.owner || found.title) {
      setErrors(found);
      setAttempt((n) => n + 1);
      return;
    }
    if (!owner) return;
    setErrors({});
    setSaving(true);
    try {
      const plan = await plansApi.create({ type, ownerId: owner.id, title: title.trim() });
      queryClient.setQueryData(planKeys.plan(plan.id), plan);
      void queryClient.invalidateQueries({ queryKey: planKeys.list });
      navigate(`/planer/${encodeURIComponent(plan.id)}`);
    } catch (error) {
      if (isStatus(error, 400)) {
        const fields = fieldErrorsOf(error);
        const mapped: FieldErrors<Field> = {
          owner: fields.ownerId ? t('plan.new.ownerRefused') : undefined,
          title: fields.title ? t('plan.fieldInvalid') : undefined,
        };
        if (mapped.owner || mapped.title) {
          setErrors(mapped);
          setAttempt((n) => n + 1);
        } else {
          setProblem(problemText(error));
        }
      } else if (isStatus(error, 409)) {
        setProblem(t('plan.new.hasPlan'));
      } else if (isStatus(error, 403)) {
        setProblem(t('plan.new.forbidden'));
      } else {
        setProblem(isNetworkError(error) ? t('common.network') : problemText(error));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="page">
      <Heading level={1} data-size="lg">
        {t('plan.new.title')}
      </Heading>
      <Paragraph>{t('plan.new.intro', { name: me.name })}</Paragraph>
      <form className="form" noValidate onSubmit={submit}>
        <FormErrorSummary errors={errorList(errors, ids)} attempt={attempt} />
        {problem ? <FocusAlert color="warning">{problem}</FocusAlert> : null}
        <PersonPicker
          id={ids.owner}
          legend={t('plan.new.owner')}
          description={
            <>
              {t('plan.new.ownerHelp')}{' '}
              <Link asChild>
                <RouterLink to="/personer/ny">{t('plan.new.registerFirst')}</RouterLink>
              </Link>
            </>
          }
          selected={owner}
          onSelect={pick}
          error={errors.owner}
        />
        <Textfield
          id={ids.title}
          label={t('plan.new.planTitle')}
          description={t('plan.new.planTitleHelp')}
          value={title}
          onChange={(e) => {
            setTitle(e.target.value);
            setTitleTouched(true);
          }}
          error={errors.title}
        />
        <Fieldset>
          <Fieldset.Legend>{t('plan.new.type')}</Fieldset.Legend>
          <Radio
            name="plan-type"
            value="ip"
            label={t('plan.type.ip')}
            description={t('plan.new.typeIpHelp')}
            checked={type === 'ip'}
            onChange={() => setType('ip')}
          />
          <Radio
            name="plan-type"
            value="simple"
            label={t('plan.type.simple')}
            description={t('plan.new.typeSimpleHelp')}
            checked={type === 'simple'}
            onChange={() => setType('simple')}
          />
        </Fieldset>
        <Paragraph>{t('plan.new.afterwards')}</Paragraph>
        <div className="actions">
          <Button type="submit" loading={saving}>
            {t('plan.new.submit')}
          </Button>
          <Link asChild>
            <RouterLink to="/planer">{t('common.cancel')}</RouterLink>
          </Link>
        </div>
      </form>
    </div>
  );
}
