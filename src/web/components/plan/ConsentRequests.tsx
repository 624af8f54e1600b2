import { Button, Card, Heading, Paragraph } from '@digdir/designsystemet-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/me.ts';
import { type ConsentRequest, isStatus, planKeys, plansApi } from '../../api/plans.ts';
import { FocusAlert, StatusMessage, useProblemText } from '../forms.tsx';

/**
 * On the front page: a plan the coordinator has made waits for the person's consent. The
 * draft itself is hidden from them until it is active; this shows what they consent to —
 * who made it, its name, the exact words stored with the consent — and takes the consent,
 * given in the system by the person themself. Loaded as its own chunk, only when needed.
 */
export default function ConsentRequests({ requests }: { requests: ConsentRequest[] }) {
  const [status, setStatus] = useState('');
  return (
    <div className="section-plain">
      <StatusMessage>{status}</StatusMessage>
      {requests.map((request) => (
        <ConsentRequestCard key={request.planId} request={request} onGiven={setStatus} />
      ))}
    </div>
  );
}

function ConsentRequestCard({
  request,
  onGiven,
}: {
  request: ConsentRequest;
  onGiven: (message: string) => void;
}) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const headingId = `consent-request-${request.planId}`;
  const guardian = request.myRole === 'guardian';
  const names = {
    coordinator: request.coordinator.name,
    owner: request.owner.name,
    title: request.title,
    organization: request.organization.name,
  };

  const agree = async () => {
    if (!me) return;
    setBusy(true);
    setProblem(null);
    try {
      await plansApi.addConsent(request.planId, {
        kind: 'plan',
        givenBy: me.id,
        method: 'digital',
      });
      onGiven(t('front.consentGiven', names));
      await queryClient.invalidateQueries({ queryKey: planKeys.consentRequests });
    } catch (error) {
      // 404: no longer a draft of theirs; 409: the consent is already recorded.
      setProblem(
        isStatus(error, 404) || isStatus(error, 409) ? t('front.consentGone') : problemText(error),
      );
      setBusy(false);
    }
  };

  return (
    <Card asChild data-color="accent">
      <section className="consent-box" aria-labelledby={headingId}>
        <Heading level={2} data-size="sm" id={headingId}>
          {guardian ? t('front.consentHeadingGuardian', names) : t('front.consentHeading', names)}
        </Heading>
        <Paragraph>
          {request.type === 'ip'
            ? t('front.consentAboutIp', names)
            : t('front.consentAboutSimple', names)}
        </Paragraph>
        <Paragraph>
          {guardian ? t('front.consentWhyGuardian', names) : t('front.consentWhy')}
        </Paragraph>
        <div className="exact-text">
          <Paragraph data-size="sm">{t('front.consentTextLabel')}</Paragraph>
          <blockquote lang="nb" className="plain-text">
            {request.consentText}
          </blockquote>
        </div>
        {problem ? <FocusAlert color="warning">{problem}</FocusAlert> : null}
        <div className="actions">
          <Button onClick={agree} loading={busy} disabled={!me}>
            {t('front.consentAgree')}
          </Button>
        </div>
      </section>
    </Card>
  );
}
