import {
  Alert,
  Button,
  Fieldset,
  Heading,
  Link,
  Paragraph,
  Radio,
  Textfield,
  ValidationMessage,
} from '@digdir/designsystemet-react';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
// The only page that loads libphonenumber (through contact.ts): its own chunk.
import { normaliseMobile } from '../../shared/contact.ts';
import { checkNationalId, normaliseNationalId } from '../../shared/national-id.ts';
import { ApiError, fieldErrorsOf } from '../api/client.ts';
import { mayCreatePlans, useMe } from '../api/me.ts';
import {
  type CodeChannel,
  lastSearchKey,
  type PersonLanguage,
  peopleApi,
  personKey,
  personLanguages,
  type RegisteredPerson,
} from '../api/people.ts';
import { formatPhone, looksLikeEmail } from '../components/format.ts';
import {
  errorList,
  type FieldErrors,
  FocusAlert,
  FormErrorSummary,
  useProblemText,
} from '../components/forms.tsx';
import { RequireLogin } from '../components/RequireLogin.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { languageNames } from '../i18n/index.ts';

type Field = 'name' | 'nationalId' | 'mobile' | 'email' | 'codeChannel';
type Values = {
  name: string;
  nationalId: string;
  mobile: string;
  email: string;
  /** null until chosen: SMS when there is a mobile number, else e-mail. */
  codeChannel: CodeChannel | null;
  language: PersonLanguage;
};

function codeChannelOf(v: Values): CodeChannel {
  return v.codeChannel ?? (!v.mobile.trim() && v.email.trim() ? 'email' : 'sms');
}

const EMPTY: Values = {
  name: '',
  nationalId: '',
  mobile: '',
  email: '',
  codeChannel: null,
  language: 'nb',
};

export default function RegisterPersonPage() {
  const { t } = useTranslation();
  usePageTitle(t('people.registerTitle'));
  return <RequireLogin staffOnly>{() => <Register />}</RequireLogin>;
}

function Register() {
  const [done, setDone] = useState<RegisteredPerson | null>(null);
  return done ? (
    <Confirmation person={done} onAnother={() => setDone(null)} />
  ) : (
    <RegisterForm onDone={setDone} />
  );
}

function RegisterForm({ onDone }: { onDone: (person: RegisteredPerson) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const id = useId();
  const ids: Record<Field, string> = {
    name: `${id}-name`,
    nationalId: `${id}-national-id`,
    mobile: `${id}-mobile`,
    email: `${id}-email`,
    codeChannel: `${id}-code-sms`,
  };
  const [values, setValues] = useState<Values>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [submitted, setSubmitted] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<
    { kind: 'exists' } | { kind: 'other'; text: string } | null
  >(null);

  /** One field's error, from its value (and the others, for the contact rules). */
  const check = (field: Field, v: Values): string | undefined => {
    switch (field) {
      case 'name': {
        const name = v.name.trim();
        if (!name) return t('people.nameMissing');
        if (name.length > 200 || /[\r\n]/.test(v.name)) return t('people.nameInvalid');
        return undefined;
      }
      case 'nationalId': {
        if (!v.nationalId.trim()) return t('people.nationalIdMissing');
        const result = checkNationalId(v.nationalId);
        if (result.valid) return undefined;
        if (result.reason === 'format') return t('people.nationalIdFormat');
        if (result.reason === 'date') return t('people.nationalIdDate');
        return t('people.nationalIdChecksum');
      }
      case 'mobile':
        if (!v.mobile.trim()) return v.email.trim() ? undefined : t('people.contactMissing');
        return normaliseMobile(v.mobile) ? undefined : t('people.mobileInvalid');
      case 'email':
        if (!v.email.trim()) return undefined;
        return looksLikeEmail(v.email) ? undefined : t('people.emailInvalid');
      case 'codeChannel': {
        const channel = codeChannelOf(v);
        if (channel === 'sms' && !v.mobile.trim() && v.email.trim()) {
          return t('people.codeNeedsMobile');
        }
        if (channel === 'email' && !v.email.trim() && v.mobile.trim()) {
          return t('people.codeNeedsEmail');
        }
        return undefined;
      }
    }
  };

  const validateAll = (v: Values): FieldErrors<Field> => {
    const all: FieldErrors<Field> = {};
    for (const field of Object.keys(ids) as Field[]) all[field] = check(field, v);
    return all;
  };

  const set = <K extends keyof Values>(key: K, value: Values[K]) => {
    const next = { ...values, [key]: value };
    setValues(next);
    // Fields that show an error are checked again as the person types, so it goes away
    // as soon as it is right (but a new error waits for blur or submit).
    setErrors((current) => {
      const updated = { ...current };
      for (const field of Object.keys(current) as Field[]) {
        if (current[field]) updated[field] = check(field, next);
      }
      return updated;
    });
  };

  /** On leaving a field: check it, unless it was left empty before any submit. */
  const blur = (field: Field) => {
    const value = values[field as keyof Values];
    if (!submitted && typeof value === 'string' && !value.trim()) return;
    setErrors((current) => ({ ...current, [field]: check(field, values) }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    setProblem(null);
    const found = validateAll(values);
    if (Object.values(found).some(Boolean)) {
      setErrors(found);
      setSubmitted(true);
      setAttempt((n) => n + 1);
      return;
    }
    setErrors({});
    setSubmitted(false);
    setSaving(true);
    try {
      const person = await peopleApi.register({
        name: values.name.trim(),
        nationalId: normaliseNationalId(values.nationalId),
        ...(values.mobile.trim() ? { mobile: values.mobile.trim() } : {}),
        ...(values.email.trim() ? { email: values.email.trim() } : {}),
        codeChannel: codeChannelOf(values),
        language: values.language,
      });
      queryClient.setQueryData(personKey(person.id), person);
      void queryClient.invalidateQueries({ queryKey: ['people', 'search'] });
      onDone(person);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        // Remember the number in memory only, so the search page can look it up.
        queryClient.setQueryData(lastSearchKey, normaliseNationalId(values.nationalId));
        setProblem({ kind: 'exists' });
      } else if (error instanceof ApiError && error.status === 400) {
        const server = fieldErrorsOf(error);
        const mapped: FieldErrors<Field> = {
          name: server.name ? t('people.nameInvalid') : undefined,
          nationalId: server.nationalId ? t('people.nationalIdRefused') : undefined,
          mobile: server.mobile ? t('people.mobileInvalid') : undefined,
          email: server.email ? t('people.emailInvalid') : undefined,
          codeChannel: server.codeChannel
            ? codeChannelOf(values) === 'sms'
              ? t('people.codeNeedsMobile')
              : t('people.codeNeedsEmail')
            : undefined,
        };
        if (Object.values(mapped).some(Boolean)) {
          setErrors(mapped);
          setSubmitted(true);
          setAttempt((n) => n + 1);
        } else {
          setProblem({ kind: 'other', text: problemText(error) });
        }
      } else {
        setProblem({ kind: 'other', text: problemText(error) });
      }
    } finally {
      setSaving(false);
    }
  };

  const summary = submitted ? errorList(errors, ids) : [];

  return (
    <div className="page">
      <Heading level={1} data-size="lg">
        {t('people.registerTitle')}
      </Heading>
      <Paragraph>{t('people.registerIntro')}</Paragraph>
      <form className="form" noValidate onSubmit={submit}>
        <FormErrorSummary errors={summary} attempt={attempt} />
        {problem?.kind === 'exists' ? (
          <FocusAlert color="warning">
            <Paragraph>{t('people.exists')}</Paragraph>
            <Paragraph>
              <Link asChild>
                <RouterLink to="/personer">{t('people.existsSearch')}</RouterLink>
              </Link>
            </Paragraph>
          </FocusAlert>
        ) : null}
        {problem?.kind === 'other' ? <FocusAlert color="warning">{problem.text}</FocusAlert> : null}
        <Textfield
          id={ids.name}
          label={t('people.name')}
          autoComplete="off"
          value={values.name}
          onChange={(e) => set('name', e.target.value)}
          onBlur={() => blur('name')}
          error={errors.name}
        />
        <Textfield
          id={ids.nationalId}
          label={t('people.nationalId')}
          description={t('people.nationalIdHelp')}
          inputMode="numeric"
          autoComplete="off"
          className="national-id-field"
          value={values.nationalId}
          onChange={(e) => set('nationalId', e.target.value)}
          onBlur={() => blur('nationalId')}
          error={errors.nationalId}
        />
        <Fieldset>
          <Fieldset.Legend>{t('people.contactLegend')}</Fieldset.Legend>
          <Fieldset.Description>{t('people.contactHelp')}</Fieldset.Description>
          <Textfield
            id={ids.mobile}
            label={t('people.mobile')}
            description={t('people.mobileHelp')}
            type="tel"
            autoComplete="off"
            value={values.mobile}
            onChange={(e) => set('mobile', e.target.value)}
            onBlur={() => blur('mobile')}
            error={errors.mobile}
          />
          <Textfield
            id={ids.email}
            label={t('people.email')}
            type="email"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            value={values.email}
            onChange={(e) => set('email', e.target.value)}
            onBlur={() => blur('email')}
            error={errors.email}
          />
        </Fieldset>
        <Fieldset>
          <Fieldset.Legend>{t('people.codeChannel')}</Fieldset.Legend>
          <Radio
            id={ids.codeChannel}
            name="code-channel"
            value="sms"
            label={t('people.codeSms')}
            checked={codeChannelOf(values) === 'sms'}
            onChange={() => set('codeChannel', 'sms')}
          />
          <Radio
            name="code-channel"
            value="email"
            label={t('people.codeEmail')}
            checked={codeChannelOf(values) === 'email'}
            onChange={() => set('codeChannel', 'email')}
          />
          {errors.codeChannel ? <ValidationMessage>{errors.codeChannel}</ValidationMessage> : null}
        </Fieldset>
        <Fieldset>
          <Fieldset.Legend>{t('people.language')}</Fieldset.Legend>
          {personLanguages.map((code) => (
            <Radio
              key={code}
              name="language"
              value={code}
              label={<span lang={code}>{languageNames[code]}</span>}
              checked={values.language === code}
              onChange={() => set('language', code)}
            />
          ))}
        </Fieldset>
        <div className="actions">
          <Button type="submit" loading={saving}>
            {t('people.submit')}
          </Button>
        </div>
      </form>
    </div>
  );
}

function Confirmation({ person, onAnother }: { person: RegisteredPerson; onAnother: () => void }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headingRef.current?.focus();
  }, []);
  const sentText = !person.invitationSent
    ? null
    : person.mobile
      ? t('people.doneSms', { to: formatPhone(person.mobile) })
      : t('people.doneEmail', { to: person.email ?? '' });

  return (
    <div className="page">
      <Heading level={1} data-size="lg" ref={headingRef} tabIndex={-1}>
        {t('people.doneHeading')}
      </Heading>
      <dl className="facts">
        <dt>{t('profile.name')}</dt>
        <dd>{person.name}</dd>
        <dt>{t('profile.username')}</dt>
        <dd className="username">{person.username}</dd>
      </dl>
      {sentText ? (
        <Alert data-color="success">
          <Paragraph>{sentText}</Paragraph>
        </Alert>
      ) : (
        <Alert data-color="warning">
          <Paragraph>{t('people.doneFailed')}</Paragraph>
        </Alert>
      )}
      <Paragraph>{t('people.doneUsername')}</Paragraph>
      <div className="actions">
        {mayCreatePlans(me) ? (
          <Button asChild>
            <RouterLink to={`/planer/ny?eier=${encodeURIComponent(person.id)}`}>
              {t('people.makePlan', { name: person.name })}
            </RouterLink>
          </Button>
        ) : null}
        <Button asChild variant={mayCreatePlans(me) ? 'secondary' : 'primary'}>
          <RouterLink to={`/personer/${encodeURIComponent(person.id)}`}>
            {t('people.viewPerson')}
          </RouterLink>
        </Button>
        <Button variant="secondary" onClick={onAnother}>
          {t('people.registerAnother')}
        </Button>
      </div>
    </div>
  );
}
