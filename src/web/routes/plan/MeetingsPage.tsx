import '../../i18n/meetings.ts';
import '../../meetings.css';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { canRead, type Plan } from '../../api/plans.ts';
import { MeetingList } from '../../components/meetings/MeetingList.tsx';
import { MeetingView } from '../../components/meetings/MeetingView.tsx';
import { NoSectionAccess, PlanRoute } from '../../components/plan/PlanShell.tsx';

/**
 * /planer/:planId/moter — the plan's meetings (upcoming first) and calling a new one;
 * /planer/:planId/moter/:meetingId — one meeting: time, place, agenda, who comes, my
 * answer, the minutes with follow-ups that can become tasks, and changing or cancelling it.
 */
export default function MeetingsPage() {
  return <PlanRoute>{({ plan }) => <MeetingsGate plan={plan} />}</PlanRoute>;
}

function MeetingsGate({ plan }: { plan: Plan }) {
  const { t } = useTranslation('meetings');
  const { meetingId } = useParams();
  if (!canRead(plan.myAccess.meetings)) {
    return <NoSectionAccess plan={plan} heading={t('title')} />;
  }
  return meetingId ? (
    <MeetingView key={meetingId} plan={plan} meetingId={meetingId} />
  ) : (
    <MeetingList plan={plan} />
  );
}
