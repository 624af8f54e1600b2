import { Alert, Button, Heading, Paragraph, Spinner } from '@digdir/designsystemet-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../api/me.ts';
import { type Person, peopleApi, personKey } from '../api/people.ts';
import { endSession } from '../api/session.ts';
import { CalendarFeedSettings } from '../components/CalendarFeedSettings.tsx';
import { ContactForm } from '../components/ContactForm.tsx';
import { formatPhone } from '../components/format.ts';
import { FocusAlert, useProblemText } from '../components/forms.tsx';
import { NationalIdValue } from '../components/NationalIdValue.tsx';
import { NotificationSettings } from '../components/NotificationSettings.tsx';
import { RequireLogin } from '../components/RequireLogin.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { languageNames } from '../i18n/index.ts';

export default function ProfilePage() {
  const { t } = useTranslation();
  usePageTitle(t('profile.title'));
  return <RequireLogin>{(me) => <Profile me={me} />}</RequireLogin>;
}

function Profile({ me }: { me: Me }) {
  const { t } = useTranslation();
  const person = useQuery({
    queryKey: personKey(me.id),
    queryFn: ({ signal }) => peopleApi.read(me.id, signal),
  });

  return (
    <div className="page">
      <Heading level={1} data-size="lg">
        {t('profile.heading')}
      </Heading>
      {person.data ? (
        <>
          <Details person={person.data} />
          <NotificationSettings personId={me.id} />
          <CalendarFeedSettings />
          <ContactForm person={person.data} />
          <LogoutEverywhere />
        </>
      ) : person.isError ? (
        <Alert data-color="danger">
          <Paragraph>{t('common.loadFailed')}</Paragraph>
        </Alert>
      ) : (
        <Spinner aria-label={t('layout.loading')} />
      )}
    </div>
  );
}

function Details({ person }: { person: Person }) {
  const { t } = useTranslation();
  const id = useId();
  const none = <span className="muted">{t('common.notRegistered')}</span>;
  return (
    <section className="section" aria-labelledby={id}>
      <Heading level={2} data-size="sm" id={id}>
        {t('profile.detailsHeading')}
      </Heading>
      <dl className="facts">
        <dt>{t('profile.name')}</dt>
        <dd>{person.name}</dd>
        <dt>{t('profile.username')}</dt>
        <dd>{person.username}</dd>
        <dt>{t('profile.nationalId')}</dt>
        <dd>
          <NationalIdValue value={person.nationalId} />
        </dd>
        <dt>{t('profile.mobile')}</dt>
        <dd>{person.mobile ? formatPhone(person.mobile) : none}</dd>
        <dt>{t('profile.email')}</dt>
        <dd>{person.email ?? none}</dd>
        <dt>{t('profile.language')}</dt>
        <dd>{languageNames[person.language]}</dd>
      </dl>
    </section>
  );
}

function LogoutEverywhere() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const run = async () => {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    try {
      await endSession(queryClient, { to: '/logg-inn?info=everywhere', everywhere: true });
    } catch (error) {
      setProblem(problemText(error));
      setBusy(false);
    }
  };

  return (
    <section className="section" aria-labelledby={id}>
      <Heading level={2} data-size="sm" id={id}>
        {t('profile.securityHeading')}
      </Heading>
      <Paragraph>{t('profile.logoutEverywhereText')}</Paragraph>
      {problem ? <FocusAlert color="warning">{problem}</FocusAlert> : null}
      <div className="actions">
        <Button variant="secondary" onClick={run} loading={busy}>
          {t('profile.logoutEverywhere')}
        </Button>
      </div>
    </section>
  );
}
