import {
  Alert,
  Button,
  Checkbox,
  Fieldset,
  Heading,
  Paragraph,
  Radio,
  Spinner,
} from '@digdir/designsystemet-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type NotifyChannel,
  notificationsApi,
  notificationsKey,
  notifyChannels,
} from '../api/notifications.ts';
import { personKey } from '../api/people.ts';
import { FocusAlert, StatusMessage, useProblemText } from './forms.tsx';

/** "Min profil": how the person hears that something new is waiting, and whether at night. */
export function NotificationSettings({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const id = useId();
  const settings = useQuery({
    queryKey: notificationsKey,
    queryFn: ({ signal }) => notificationsApi.settings(signal),
  });
  const [choice, setChoice] = useState<NotifyChannel | null>(null);
  const [atNightChoice, setAtNightChoice] = useState<boolean | null>(null);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const current = choice ?? settings.data?.channel ?? null;
  const atNight = atNightChoice ?? settings.data?.atNight ?? false;
  const labels: Record<NotifyChannel, string> = {
    sms: t('profile.notifySms'),
    email: t('profile.notifyEmail'),
    none: t('profile.notifyNone'),
  };
  const needs: Record<NotifyChannel, string | undefined> = {
    sms: t('profile.notifyNeedsMobile'),
    email: t('profile.notifyNeedsEmail'),
    none: undefined,
  };
  const [quietStart, quietEnd] = settings.data?.quietHours?.split('-') ?? [];

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!current || saving) return;
    setSaving(true);
    setStatus('');
    setProblem(null);
    try {
      const saved = await notificationsApi.save({ channel: current, atNight });
      queryClient.setQueryData(notificationsKey, saved);
      // The account's version moved with the choice: the contact form must read it again.
      void queryClient.invalidateQueries({ queryKey: personKey(personId) });
      setChoice(null);
      setAtNightChoice(null);
      setStatus(t('profile.notifySaved'));
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="section" aria-labelledby={id}>
      <Heading level={2} data-size="sm" id={id}>
        {t('profile.notifyHeading')}
      </Heading>
      {settings.data ? (
        <form className="form" noValidate onSubmit={save}>
          <Paragraph>{t('profile.notifyText')}</Paragraph>
          {problem ? <FocusAlert color="warning">{problem}</FocusAlert> : null}
          <Fieldset>
            <Fieldset.Legend>{t('profile.notifyLegend')}</Fieldset.Legend>
            {notifyChannels.map((channel) => {
              const available = channel === 'none' || settings.data.channels[channel];
              return (
                <Radio
                  key={channel}
                  name="notify-channel"
                  value={channel}
                  label={labels[channel]}
                  description={available ? undefined : needs[channel]}
                  checked={current === channel}
                  disabled={!available}
                  onChange={() => {
                    setChoice(channel);
                    setStatus('');
                  }}
                />
              );
            })}
          </Fieldset>
          {quietStart && quietEnd ? (
            <Checkbox
              label={t('profile.notifyAtNight')}
              description={t('profile.notifyAtNightHelp', { start: quietStart, end: quietEnd })}
              checked={atNight}
              disabled={current === 'none'}
              onChange={(event) => {
                setAtNightChoice(event.target.checked);
                setStatus('');
              }}
            />
          ) : null}
          <div className="actions">
            <Button type="submit" variant="secondary" loading={saving}>
              {t('profile.notifySave')}
            </Button>
          </div>
          <StatusMessage>{status}</StatusMessage>
        </form>
      ) : settings.isError ? (
        <Alert data-color="danger">
          <Paragraph>{t('common.loadFailed')}</Paragraph>
        </Alert>
      ) : (
        <Spinner aria-label={t('layout.loading')} />
      )}
    </section>
  );
}
