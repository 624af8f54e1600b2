import { Button, Checkbox, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import {
  type Challenge,
  passwordProblemOf,
  requestPasswordCode,
  setPassword as savePassword,
} from '../api/auth.ts';
import { ApiError, fieldCodesOf } from '../api/client.ts';
import {
  codeDigits,
  errorList,
  type FieldErrors,
  FocusAlert,
  FormErrorSummary,
  useProblemText,
} from '../components/forms.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';

type Props = {
  /** "activate": a new (invited) account; "forgot": a new password for an active one. */
  mode: 'activate' | 'forgot';
};

type Step = 'username' | 'code' | 'password' | 'done';
type Field = 'username' | 'code' | 'password';

const MIN_LENGTH = 10;
const MAX_LENGTH = 128;

/**
 * /aktiver and /glemt-passord: username → one-time code → new password → done. The
 * server checks the code only together with the password, so a wrong code found at the
 * last step takes the person back to the code, with the password they chose kept.
 */
export default function PasswordPage({ mode }: Props) {
  const { t } = useTranslation();
  const problemText = useProblemText();
  const title = mode === 'activate' ? t('password.activateTitle') : t('password.forgotTitle');
  usePageTitle(title);
  const id = useId();
  const ids: Record<Field, string> = {
    username: `${id}-username`,
    code: `${id}-code`,
    password: `${id}-password`,
  };

  const [step, setStep] = useState<Step>('username');
  const [username, setUsername] = useState('');
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [showPassword, setShowPassword] = useState(false);
  const [challenge, setChallenge] = useState<Challenge | null>(null);
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [submitted, setSubmitted] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const [dead, setDead] = useState(false);
  const [busy, setBusy] = useState(false);
  const fieldRefs = {
    username: useRef<HTMLInputElement>(null),
    code: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
  };
  const doneRef = useRef<HTMLHeadingElement>(null);
  const shownStep = useRef(step);

  // A new step puts focus on its first field (or the "done" heading), not the page load.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the refs are stable
  useEffect(() => {
    if (shownStep.current === step) return;
    shownStep.current = step;
    if (step === 'done') doneRef.current?.focus();
    // Back at the code after a wrong one: the error summary takes focus instead.
    else if (!submitted) fieldRefs[step].current?.focus();
  }, [step]);

  const fail = (next: FieldErrors<Field>) => {
    setErrors(next);
    setSubmitted(true);
    setAttempt((n) => n + 1);
  };

  const clearMessages = () => {
    setErrors({});
    setSubmitted(false);
    setProblem(null);
  };

  const passwordError = (value: string): string | undefined => {
    if (!value) return t('password.passwordMissing');
    if (value.length < MIN_LENGTH) return t('password.tooShort');
    if (value.length > MAX_LENGTH) return t('password.tooLong');
    return undefined;
  };

  const sendCode = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!username.trim()) return fail({ username: t('login.usernameMissing') });
    clearMessages();
    setBusy(true);
    try {
      const started = await requestPasswordCode(username.trim());
      setChallenge(started);
      setCode('');
      setDead(false);
      setStep('code');
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setBusy(false);
    }
  };

  const checkCode = (event: FormEvent) => {
    event.preventDefault();
    const digits = codeDigits(code);
    if (!digits) return fail({ code: t('login.codeMissing') });
    if (!/^\d{6}$/.test(digits)) return fail({ code: t('login.codeFormat') });
    clearMessages();
    setStep('password');
  };

  const submitPassword = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || !challenge) return;
    const invalid = passwordError(password);
    if (invalid) return fail({ password: invalid });
    clearMessages();
    setBusy(true);
    try {
      await savePassword(challenge.challengeId, codeDigits(code), password);
      setPassword('');
      setStep('done');
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) {
        const codes = fieldCodesOf(error);
        // The code is not used up by a refused password: choose another with the same code.
        fail({ password: t(`password.${passwordProblemOf(codes.password)}`) });
      } else if (error instanceof ApiError && error.status === 401) {
        setStep('code');
        fail({ code: t('login.codeWrong') });
      } else if (error instanceof ApiError && error.status === 429) {
        setDead(true);
      } else {
        setProblem(problemText(error));
      }
    } finally {
      setBusy(false);
    }
  };

  const startAgain = () => {
    clearMessages();
    setDead(false);
    setChallenge(null);
    setCode('');
    setStep('username');
  };

  const summary = submitted ? errorList(errors, ids) : [];
  const common = (
    <>
      <FormErrorSummary errors={summary} attempt={attempt} />
      {problem ? <FocusAlert color="warning">{problem}</FocusAlert> : null}
      {dead ? (
        <FocusAlert color="danger">
          <Paragraph>{t('login.codeDead')}</Paragraph>
          <div className="actions">
            <Button type="button" onClick={startAgain}>
              {t('login.startAgain')}
            </Button>
          </div>
        </FocusAlert>
      ) : null}
    </>
  );

  return (
    <div className="page">
      <Heading level={1} data-size="lg">
        {title}
      </Heading>

      {step === 'username' ? (
        <form className="form" noValidate onSubmit={sendCode}>
          <Paragraph>
            {mode === 'activate' ? t('password.activateIntro') : t('password.forgotIntro')}
          </Paragraph>
          {common}
          <Textfield
            id={ids.username}
            ref={fieldRefs.username}
            label={t('login.username')}
            description={t('password.usernameHelp')}
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            error={errors.username}
          />
          <div className="actions">
            <Button type="submit" loading={busy} aria-disabled={busy || undefined}>
              {t('password.sendCode')}
            </Button>
          </div>
        </form>
      ) : null}

      {step === 'code' ? (
        <form className="form" noValidate onSubmit={checkCode}>
          <Heading level={2} data-size="xs">
            {t('login.codeHeading')}
          </Heading>
          <Paragraph>
            {challenge?.channel === 'email'
              ? t('login.codeSentEmail', { destination: challenge.destination })
              : t('login.codeSentSms', { destination: challenge?.destination ?? '' })}
          </Paragraph>
          <Paragraph>{t('password.codeNote')}</Paragraph>
          {common}
          <Textfield
            id={ids.code}
            ref={fieldRefs.code}
            label={t('login.code')}
            description={t('login.codeDescription')}
            autoComplete="one-time-code"
            inputMode="numeric"
            className="code-field"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            error={errors.code}
            readOnly={dead}
          />
          <div className="actions">
            <Button type="submit" aria-disabled={dead || undefined}>
              {t('password.next')}
            </Button>
            <Button type="button" variant="tertiary" onClick={startAgain}>
              {t('login.startAgain')}
            </Button>
          </div>
        </form>
      ) : null}

      {step === 'password' ? (
        <form className="form" noValidate onSubmit={submitPassword}>
          <Heading level={2} data-size="xs">
            {t('password.passwordHeading')}
          </Heading>
          {common}
          {/* For password managers: the account the new password belongs to. */}
          <input
            type="text"
            name="username"
            autoComplete="username"
            value={username}
            readOnly
            hidden
          />
          <Textfield
            id={ids.password}
            ref={fieldRefs.password}
            label={t('password.newPassword')}
            description={t('password.rule')}
            type={showPassword ? 'text' : 'password'}
            autoComplete="new-password"
            autoCapitalize="none"
            spellCheck={false}
            value={password}
            onChange={(e) => {
              setPassword(e.target.value);
              // Once an error shows, it goes away as soon as the password is good enough.
              if (errors.password) {
                setErrors((current) => ({ ...current, password: passwordError(e.target.value) }));
              }
            }}
            onBlur={() => {
              // Say it early, but only once something is typed.
              if (password)
                setErrors((current) => ({ ...current, password: passwordError(password) }));
            }}
            error={errors.password}
          />
          <Checkbox
            label={t('common.showPassword')}
            checked={showPassword}
            onChange={(e) => setShowPassword(e.target.checked)}
          />
          <div className="actions">
            <Button type="submit" loading={busy} aria-disabled={busy || dead || undefined}>
              {t('password.save')}
            </Button>
            <Button
              type="button"
              variant="tertiary"
              onClick={() => {
                clearMessages();
                setStep('code');
              }}
            >
              {t('password.back')}
            </Button>
          </div>
        </form>
      ) : null}

      {step === 'done' ? (
        <section className="form" aria-labelledby={`${id}-done`}>
          <Heading level={2} data-size="sm" id={`${id}-done`} ref={doneRef} tabIndex={-1}>
            {t('password.doneHeading')}
          </Heading>
          <Paragraph>{t('password.doneText')}</Paragraph>
          <div className="actions">
            <Button asChild>
              <RouterLink to="/logg-inn">{t('password.goToLogin')}</RouterLink>
            </Button>
          </div>
        </section>
      ) : null}
    </div>
  );
}
