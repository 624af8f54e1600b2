import '../i18n/meetings.ts';
import '../meetings.css';
import { Alert, Heading, Paragraph, Spinner } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMyTasks } from '../api/tasks.ts';
import { StatusMessage, useProblemText } from '../components/forms.tsx';
import { TaskItems } from '../components/meetings/TaskItems.tsx';
import { RequireLogin } from '../components/RequireLogin.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';

/** /oppgaver — "Mine oppgaver": the person's open tasks in all their plans. */
export default function MyTasksPage() {
  const { t } = useTranslation('meetings');
  usePageTitle(t('tasks.mine'));
  return <RequireLogin>{() => <MyTasks />}</RequireLogin>;
}

function MyTasks() {
  const { t } = useTranslation('meetings');
  const { t: tc } = useTranslation();
  const problemText = useProblemText();
  const mine = useMyTasks();
  const [status, setStatus] = useState('');
  return (
    <div className="page tasks-page">
      <Heading level={1} data-size="lg">
        {t('tasks.mine')}
      </Heading>
      <Paragraph>{t('tasks.mineIntro')}</Paragraph>
      <StatusMessage>{status}</StatusMessage>
      {mine.isPending ? (
        <Spinner aria-label={tc('layout.loading')} />
      ) : mine.isError ? (
        <Alert data-color="warning">
          <Paragraph>{problemText(mine.error)}</Paragraph>
        </Alert>
      ) : mine.data.length === 0 ? (
        <Paragraph className="muted">{t('tasks.noneMine')}</Paragraph>
      ) : (
        <TaskItems
          tasks={mine.data}
          level={2}
          showPlan
          canChange={() => true}
          onStatus={setStatus}
        />
      )}
    </div>
  );
}
