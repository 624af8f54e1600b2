// Dialog needs the web components for its invoker commands (see vite.config.ts).
import '@digdir/designsystemet-web';
import {
  Alert,
  Button,
  Dialog,
  Heading,
  Link,
  Paragraph,
  Spinner,
} from '@digdir/designsystemet-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router';
import { ApiError } from '../api/client.ts';
import { type Person, peopleApi, personKey } from '../api/people.ts';
import { formatPhone } from '../components/format.ts';
import { FocusAlert, StatusMessage, useProblemText } from '../components/forms.tsx';
import { NationalIdValue } from '../components/NationalIdValue.tsx';
import { RequireLogin } from '../components/RequireLogin.tsx';
import { StatusTag } from '../components/StatusTag.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { languageNames } from '../i18n/index.ts';

export default function PersonPage() {
  return <RequireLogin staffOnly>{() => <PersonDetails />}</RequireLogin>;
}

function PersonDetails() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const person = useQuery({
    queryKey: personKey(id),
    queryFn: ({ signal }) => peopleApi.read(id, signal),
  });
  usePageTitle(person.data?.name ?? t('people.detailsTitle'));

  const back = (
    <Paragraph>
      <Link asChild>
        <RouterLink to="/personer">{t('people.backToSearch')}</RouterLink>
      </Link>
    </Paragraph>
  );

  if (person.isPending) return <Spinner aria-label={t('layout.loading')} />;
  if (person.isError) {
    const missing = person.error instanceof ApiError && person.error.status === 404;
    return (
      <div className="page">
        <Heading level={1} data-size="lg">
          {t('people.detailsTitle')}
        </Heading>
        <Alert data-color={missing ? 'info' : 'danger'}>
          <Paragraph>{missing ? t('people.notFound') : t('common.loadFailed')}</Paragraph>
        </Alert>
        {back}
      </div>
    );
  }
  return <Details person={person.data} back={back} />;
}

function Details({ person, back }: { person: Person; back: ReactNode }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const dialogHeading = useId();
  const dialogText = useId();
  const [status, setStatus] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<'invite' | 'deactivate' | null>(null);
  const [confirming, setConfirming] = useState(false);
  const deactivateRef = useRef<HTMLButtonElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const none = <span className="muted">{t('common.notRegistered')}</span>;

  const reinvite = async () => {
    if (busy) return;
    setBusy('invite');
    setStatus('');
    setProblem(null);
    try {
      await peopleApi.reinvite(person.id);
      setStatus(t('people.reinvited'));
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setBusy(null);
    }
  };

  const deactivate = async () => {
    if (busy) return;
    setBusy('deactivate');
    setStatus('');
    setProblem(null);
    try {
      const updated = await peopleApi.deactivate(person.id);
      queryClient.setQueryData(personKey(person.id), updated);
      void queryClient.invalidateQueries({ queryKey: ['people', 'search'] });
      setConfirming(false);
      setStatus(t('people.deactivated'));
      // The button that opened the dialog is gone: start again from the heading.
      headingRef.current?.focus();
    } catch (error) {
      setConfirming(false);
      setProblem(problemText(error));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="page">
      {back}
      <Heading level={1} data-size="lg" ref={headingRef} tabIndex={-1}>
        {person.name}
      </Heading>
      <dl className="facts">
        <dt>{t('people.status')}</dt>
        <dd>
          <StatusTag status={person.status} />
        </dd>
        <dt>{t('profile.username')}</dt>
        <dd className="username">{person.username}</dd>
        <dt>{t('profile.nationalId')}</dt>
        <dd>
          <NationalIdValue value={person.nationalId} />
        </dd>
        <dt>{t('profile.mobile')}</dt>
        <dd>{person.mobile ? formatPhone(person.mobile) : none}</dd>
        <dt>{t('profile.email')}</dt>
        <dd>{person.email ?? none}</dd>
        <dt>{t('people.codeChannelShort')}</dt>
        <dd>{person.codeChannel === 'sms' ? t('people.codeSms') : t('people.codeEmail')}</dd>
        <dt>{t('profile.language')}</dt>
        <dd>{languageNames[person.language]}</dd>
      </dl>
      {problem ? <FocusAlert color="warning">{problem}</FocusAlert> : null}
      <StatusMessage>{status}</StatusMessage>
      <div className="actions">
        {person.status === 'invited' ? (
          <Button onClick={reinvite} loading={busy === 'invite'}>
            {t('people.reinvite')}
          </Button>
        ) : null}
        {person.status !== 'deactivated' ? (
          <Button
            ref={deactivateRef}
            variant="secondary"
            data-color="danger"
            onClick={() => setConfirming(true)}
          >
            {t('people.deactivate')}
          </Button>
        ) : null}
      </div>
      <Dialog
        open={confirming}
        onClose={() => {
          setConfirming(false);
          deactivateRef.current?.focus();
        }}
        closeButton={false}
        aria-labelledby={dialogHeading}
        aria-describedby={dialogText}
      >
        <Dialog.Block>
          <Heading level={2} data-size="sm" id={dialogHeading}>
            {t('people.deactivateHeading', { name: person.name })}
          </Heading>
          <Paragraph id={dialogText}>{t('people.deactivateText')}</Paragraph>
        </Dialog.Block>
        <Dialog.Block>
          <div className="actions">
            <Button data-color="danger" onClick={deactivate} loading={busy === 'deactivate'}>
              {t('people.deactivateConfirm')}
            </Button>
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </Button>
          </div>
        </Dialog.Block>
      </Dialog>
    </div>
  );
}
