import { Button, Heading, Link, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate } from 'react-router';
import { type Challenge, startLogin, verifyCode } from '../api/auth.ts';
import { ApiError } from '../api/client.ts';
import { meQuery } from '../api/me.ts';
import {
  codeDigits,
  errorList,
  type FieldErrors,
  FocusAlert,
  FormErrorSummary,
  StatusMessage,
  useProblemText,
} from './forms.tsx';

type Props = {
  /** Where to go after a successful login (a same-site path), if any. */
  returnTo: string | null;
  /** Told when the code step opens or closes (the page hides the ID-porten option then). */
  onCodeStep?: (active: boolean) => void;
};

type Field = 'username' | 'password' | 'code';

/**
 * Login with username and password, then a one-time code (POST /api/auth/login, then
 * /api/auth/verify). The challenge lives in this component's state only: never in the
 * URL or in storage (S5).
 */
export function TwoStepLogin({ returnTo, onCodeStep }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const id = useId();
  const ids: Record<Field, string> = {
    username: `${id}-username`,
    password: `${id}-password`,
    code: `${id}-code`,
  };

  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [challenge, setChallenge] = useState<Challenge | null>(null);
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [attempt, setAttempt] = useState(0);
  const [submitted, setSubmitted] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  /** The code attempt is over (5 wrong codes): only "start again" helps. */
  const [dead, setDead] = useState(false);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);
  const usernameRef = useRef<HTMLInputElement>(null);
  const step = challenge ? 'code' : 'password';
  const shownStep = useRef(step);

  // Moving between the steps puts focus on the first field of the new one (not on page load).
  useEffect(() => {
    onCodeStep?.(step === 'code');
    if (shownStep.current === step) return;
    shownStep.current = step;
    (step === 'code' ? codeRef : usernameRef).current?.focus();
  }, [step, onCodeStep]);

  const fail = (next: FieldErrors<Field>) => {
    setErrors(next);
    setSubmitted(true);
    setAttempt((n) => n + 1);
  };

  const sendPassword = async (): Promise<Challenge | null> => {
    try {
      return await startLogin(username.trim(), password);
    } catch (error) {
      setProblem(problemText(error));
      return null;
    }
  };

  const submitPassword = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setProblem(null);
    const next: FieldErrors<Field> = {};
    if (!username.trim()) next.username = t('login.usernameMissing');
    if (!password) next.password = t('login.passwordMissing');
    if (next.username || next.password) return fail(next);
    setErrors({});
    setSubmitted(false);
    setBusy(true);
    const started = await sendPassword();
    setBusy(false);
    if (started) {
      setCode('');
      setDead(false);
      setStatus('');
      setChallenge(started);
    }
  };

  const submitCode = async (event: FormEvent) => {
    event.preventDefault();
    if (!challenge || dead || busy) return;
    setProblem(null);
    setStatus('');
    const digits = codeDigits(code);
    if (!digits) return fail({ code: t('login.codeMissing') });
    if (!/^\d{6}$/.test(digits)) return fail({ code: t('login.codeFormat') });
    setBusy(true);
    try {
      await verifyCode(challenge.challengeId, digits);
      // A new person may be logging in on this device: nothing cached may carry over.
      queryClient.clear();
      await queryClient.fetchQuery({ ...meQuery, staleTime: 0 }).catch(() => null);
      setPassword('');
      navigate(returnTo ?? '/', { replace: true });
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.status === 401) {
        fail({ code: t('login.codeWrong') });
      } else if (error instanceof ApiError && error.status === 429) {
        setErrors({});
        setSubmitted(false);
        setDead(true);
      } else {
        setProblem(problemText(error));
      }
    }
  };

  const resend = async () => {
    if (busy) return;
    setProblem(null);
    setStatus('');
    setBusy(true);
    const started = await sendPassword();
    setBusy(false);
    if (started) {
      setChallenge(started);
      setDead(false);
      setErrors({});
      setSubmitted(false);
      setCode('');
      setStatus(t('login.resent'));
      codeRef.current?.focus();
    }
  };

  const startAgain = () => {
    setChallenge(null);
    setDead(false);
    setErrors({});
    setSubmitted(false);
    setProblem(null);
    setStatus('');
    setCode('');
  };

  const summary = submitted ? errorList(errors, ids) : [];

  if (step === 'password') {
    return (
      <form className="form" noValidate onSubmit={submitPassword}>
        <FormErrorSummary errors={summary} attempt={attempt} />
        {problem ? <FocusAlert color="warning">{problem}</FocusAlert> : null}
        <Textfield
          id={ids.username}
          ref={usernameRef}
          label={t('login.username')}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          error={errors.username}
        />
        <Textfield
          id={ids.password}
          label={t('login.password')}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
        />
        <div className="actions">
          <Button type="submit" loading={busy} aria-disabled={busy || undefined}>
            {t('login.submit')}
          </Button>
        </div>
        <ul className="link-list">
          <li>
            <Link asChild>
              <RouterLink to="/glemt-passord">{t('login.forgot')}</RouterLink>
            </Link>
          </li>
          <li>
            <Link asChild>
              <RouterLink to="/aktiver">{t('login.activate')}</RouterLink>
            </Link>
          </li>
        </ul>
      </form>
    );
  }

  const sentTo =
    challenge?.channel === 'email'
      ? t('login.codeSentEmail', { destination: challenge.destination })
      : t('login.codeSentSms', { destination: challenge?.destination ?? '' });

  return (
    <form className="form" noValidate onSubmit={submitCode}>
      <Heading level={3} data-size="xs">
        {t('login.codeHeading')}
      </Heading>
      <Paragraph>
        {sentTo} {t('login.codeValid')}
      </Paragraph>
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
      <Textfield
        id={ids.code}
        ref={codeRef}
        label={t('login.code')}
        description={t('login.codeDescription')}
        autoComplete="one-time-code"
        inputMode="numeric"
        enterKeyHint="done"
        className="code-field"
        value={code}
        onChange={(e) => setCode(e.target.value)}
        error={errors.code}
        readOnly={dead}
      />
      <div className="actions">
        <Button type="submit" loading={busy} aria-disabled={busy || dead || undefined}>
          {t('login.codeSubmit')}
        </Button>
        <Button type="button" variant="tertiary" onClick={startAgain}>
          {t('login.startAgain')}
        </Button>
      </div>
      <StatusMessage>{status}</StatusMessage>
      <div className="no-code">
        <Heading level={4} data-size="2xs">
          {t('login.noCodeHeading')}
        </Heading>
        <Paragraph>{t('login.noCodeText')}</Paragraph>
        <Button type="button" variant="secondary" data-size="sm" onClick={resend}>
          {t('login.resend')}
        </Button>
      </div>
    </form>
  );
}
