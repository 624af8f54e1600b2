import {
  Button,
  Field,
  Heading,
  Label,
  Paragraph,
  Select,
  Textfield,
} from '@digdir/designsystemet-react';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, fieldErrorsOf } from '../api/client.ts';
import {
  notificationsKey,
  type Person,
  type PersonChanges,
  type PersonLanguage,
  peopleApi,
  personKey,
  personLanguages,
} from '../api/people.ts';
import { endSession } from '../api/session.ts';
import { languageNames } from '../i18n/index.ts';
import { formatPhone, looksLikeEmail, roughE164 } from './format.ts';
import {
  errorList,
  type FieldErrors,
  FocusAlert,
  FormErrorSummary,
  StatusMessage,
  useProblemText,
} from './forms.tsx';

type ContactField = 'mobile' | 'email';

/** Changing one's own mobile or e-mail: checked on blur, kept on failure, fresh login when asked. */
export function ContactForm({ person }: { person: Person }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const id = useId();
  const ids: Record<ContactField, string> = { mobile: `${id}-mobile`, email: `${id}-email` };
  const [mobile, setMobile] = useState(() => formatPhone(person.mobile));
  const [email, setEmail] = useState(() => person.email ?? '');
  const [language, setLanguage] = useState<PersonLanguage>(person.language);
  const [errors, setErrors] = useState<FieldErrors<ContactField>>({});
  const [submitted, setSubmitted] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState('');
  const [problem, setProblem] = useState<
    { kind: 'fresh-login' } | { kind: 'stale' } | { kind: 'other'; text: string } | null
  >(null);

  // The version to send is always the newest one read (it moves after a save or a reload).
  const [version, setVersion] = useState(person.version);
  useEffect(() => setVersion(person.version), [person.version]);

  const check = (field: ContactField, value: string): string | undefined => {
    if (!value.trim()) return undefined;
    if (field === 'mobile') return roughE164(value) ? undefined : t('profile.mobileInvalid');
    return looksLikeEmail(value) ? undefined : t('profile.emailInvalid');
  };

  const validate = (): FieldErrors<ContactField> => {
    const next: FieldErrors<ContactField> = {
      mobile: check('mobile', mobile),
      email: check('email', email),
    };
    if (!mobile.trim() && !email.trim()) next.mobile = t('profile.contactNeeded');
    return next;
  };

  const onBlur = (field: ContactField, value: string) =>
    setErrors((current) => ({ ...current, [field]: check(field, value) }));

  const onChange = (field: ContactField, value: string) => {
    (field === 'mobile' ? setMobile : setEmail)(value);
    setStatus('');
    if (errors[field]) setErrors((current) => ({ ...current, [field]: check(field, value) }));
  };

  const changes = (): PersonChanges => {
    const body: PersonChanges = { version };
    const newMobile = mobile.trim() ? (roughE164(mobile) ?? mobile.trim()) : null;
    if (newMobile !== person.mobile) body.mobile = mobile.trim() ? mobile.trim() : null;
    const newEmail = email.trim() || null;
    if (newEmail !== person.email) body.email = newEmail;
    if (language !== person.language) body.language = language;
    return body;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    setProblem(null);
    setStatus('');
    const next = validate();
    if (next.mobile || next.email) {
      setErrors(next);
      setSubmitted(true);
      setAttempt((n) => n + 1);
      return;
    }
    setErrors({});
    setSubmitted(false);
    const body = changes();
    if (Object.keys(body).length === 1) {
      setStatus(t('profile.noChanges'));
      return;
    }
    setSaving(true);
    try {
      const saved = await peopleApi.update(person.id, body);
      queryClient.setQueryData(personKey(person.id), saved);
      void queryClient.invalidateQueries({ queryKey: notificationsKey });
      setMobile(formatPhone(saved.mobile));
      setEmail(saved.email ?? '');
      setLanguage(saved.language);
      setVersion(saved.version);
      setStatus(t('profile.contactSaved'));
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) {
        const fields = fieldErrorsOf(error);
        const mapped: FieldErrors<ContactField> = {
          mobile: fields.mobile ? t('profile.mobileInvalid') : undefined,
          email: fields.email ? t('profile.emailInvalid') : undefined,
        };
        if (mapped.mobile || mapped.email) {
          setErrors(mapped);
          setSubmitted(true);
          setAttempt((n) => n + 1);
        } else {
          setProblem({ kind: 'other', text: problemText(error) });
        }
      } else if (error instanceof ApiError && error.status === 403) {
        setProblem({ kind: 'fresh-login' });
      } else if (error instanceof ApiError && error.status === 409) {
        // Someone changed the account meanwhile: fetch the newest, keep what was typed.
        setProblem({ kind: 'stale' });
        void queryClient.invalidateQueries({ queryKey: personKey(person.id) });
      } else {
        setProblem({ kind: 'other', text: problemText(error) });
      }
    } finally {
      setSaving(false);
    }
  };

  const summary = submitted ? errorList(errors, ids) : [];

  return (
    <section className="section" aria-labelledby={id}>
      <Heading level={2} data-size="sm" id={id}>
        {t('profile.contactHeading')}
      </Heading>
      <Paragraph>{t('profile.contactIntro')}</Paragraph>
      <form className="form" noValidate onSubmit={submit}>
        <FormErrorSummary errors={summary} attempt={attempt} />
        {problem?.kind === 'fresh-login' ? (
          <FocusAlert color="warning">
            <Paragraph>{t('profile.freshLogin')}</Paragraph>
            <div className="actions">
              <Button
                type="button"
                onClick={() => {
                  void endSession(queryClient, {
                    to: '/logg-inn?returnTo=%2Fmin-profil',
                    force: true,
                  });
                }}
              >
                {t('profile.loginAgain')}
              </Button>
            </div>
          </FocusAlert>
        ) : null}
        {problem?.kind === 'stale' ? (
          <FocusAlert color="warning">{t('profile.stale')}</FocusAlert>
        ) : null}
        {problem?.kind === 'other' ? <FocusAlert color="warning">{problem.text}</FocusAlert> : null}
        <Textfield
          id={ids.mobile}
          label={t('profile.mobile')}
          description={t('profile.mobileHelp')}
          type="tel"
          autoComplete="tel"
          value={mobile}
          onChange={(e) => onChange('mobile', e.target.value)}
          onBlur={(e) => onBlur('mobile', e.target.value)}
          error={errors.mobile}
        />
        <Textfield
          id={ids.email}
          label={t('profile.email')}
          type="email"
          autoComplete="email"
          autoCapitalize="none"
          spellCheck={false}
          value={email}
          onChange={(e) => onChange('email', e.target.value)}
          onBlur={(e) => onBlur('email', e.target.value)}
          error={errors.email}
        />
        <Field>
          <Label>{t('profile.language')}</Label>
          <Select
            value={language}
            onChange={(e) => {
              setLanguage(e.target.value as PersonLanguage);
              setStatus('');
            }}
          >
            {personLanguages.map((code) => (
              <Select.Option key={code} value={code} lang={code}>
                {languageNames[code]}
              </Select.Option>
            ))}
          </Select>
        </Field>
        <div className="actions">
          <Button type="submit" loading={saving}>
            {t('profile.contactSave')}
          </Button>
        </div>
        <StatusMessage>{status}</StatusMessage>
      </form>
    </section>
  );
}
