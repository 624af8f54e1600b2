import '../../i18n/meetings.ts';
import { Button, Heading, Paragraph, Tag } from '@digdir/designsystemet-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { refreshTasks, type Task, tasksApi } from '../../api/tasks.ts';
import { today, useFormat } from '../plan/labels.ts';

/**
 * A list of tasks: title, who, due date, where it came from, and (for those who may) the
 * button that marks it done or opens it again.
 */
export function TaskItems({
  tasks,
  level,
  canChange,
  showPlan = false,
  onStatus,
}: {
  tasks: (Task & { plan?: { id: string; title: string } })[];
  level: 2 | 3;
  canChange: (task: Task) => boolean;
  showPlan?: boolean;
  onStatus: (text: string) => void;
}) {
  const { t } = useTranslation('meetings');
  const format = useFormat();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  const toggle = async (task: Task) => {
    setBusy(task.id);
    setFailed(null);
    const status = task.status === 'open' ? 'done' : 'open';
    try {
      await tasksApi.update(task.planId, task.id, { version: task.version, status });
      onStatus(status === 'done' ? t('tasks.markedDone') : t('tasks.reopened'));
      await refreshTasks(queryClient, task.planId);
    } catch {
      setFailed(task.id);
    } finally {
      setBusy(null);
    }
  };

  return (
    <ul className="item-list task-list">
      {tasks.map((task) => {
        const overdue = task.status === 'open' && !!task.dueDate && task.dueDate < today();
        return (
          <li key={task.id} className="item">
            <div className="item-head">
              <Heading level={level} data-size="2xs" className="item-title">
                {task.title}
              </Heading>
              {task.status === 'done' ? (
                <Tag data-color="success" data-size="sm">
                  {t('tasks.done')}
                </Tag>
              ) : null}
              {overdue ? (
                <Tag data-color="warning" data-size="sm">
                  {t('tasks.overdue')}
                </Tag>
              ) : null}
            </div>
            <p className="item-meta">
              {[
                showPlan && task.plan ? t('tasks.inPlan', { title: task.plan.title }) : null,
                task.assignee
                  ? t('tasks.assignedTo', { name: task.assignee.name })
                  : t('tasks.nobody'),
                task.dueDate ? t('tasks.dueOn', { date: format.date(task.dueDate) }) : null,
                task.meetingId ? t('tasks.fromMeeting') : null,
              ]
                .filter(Boolean)
                .join(' · ')}
            </p>
            {task.description ? <p className="plain-text">{task.description}</p> : null}
            {canChange(task) ? (
              <div className="actions no-print">
                <Button
                  type="button"
                  variant="secondary"
                  data-size="sm"
                  aria-label={
                    task.status === 'open'
                      ? t('tasks.markDoneFor', { title: task.title })
                      : t('tasks.reopenFor', { title: task.title })
                  }
                  loading={busy === task.id}
                  onClick={() => void toggle(task)}
                >
                  {task.status === 'open' ? t('tasks.markDone') : t('tasks.reopen')}
                </Button>
              </div>
            ) : null}
            {failed === task.id ? (
              <Paragraph data-size="sm" role="alert">
                {t('tasks.failed')}
              </Paragraph>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
