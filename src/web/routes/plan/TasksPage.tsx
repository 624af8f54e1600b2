import '../../i18n/meetings.ts';
import '../../meetings.css';
import {
  Alert,
  Button,
  Field,
  Heading,
  Label,
  Link,
  Paragraph,
  Select,
  Spinner,
  Textfield,
} from '@digdir/designsystemet-react';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, fieldErrorsOf } from '../../api/client.ts';
import { draftKey } from '../../api/drafts.ts';
import {
  accessEnded,
  canRead,
  canWrite,
  isStatus,
  type Plan,
  useParticipants,
} from '../../api/plans.ts';
import { refreshTasks, tasksApi, usePlanTasks } from '../../api/tasks.ts';
import {
  FocusAlert,
  type FormError,
  FormErrorSummary,
  StatusMessage,
  useProblemText,
} from '../../components/forms.tsx';
import { TaskItems } from '../../components/meetings/TaskItems.tsx';
import {
  NoAccessNotice,
  NoSectionAccess,
  PlanPageHeading,
  PlanRoute,
} from '../../components/plan/PlanShell.tsx';
import { type FormValues, useDraft } from '../../components/plan/useDraft.ts';

/** /planer/:planId/oppgaver — the plan's tasks: open ones, finished ones, and a new one. */
export default function TasksPage() {
  return <PlanRoute>{({ plan }) => <TasksGate plan={plan} />}</PlanRoute>;
}

function TasksGate({ plan }: { plan: Plan }) {
  const { t } = useTranslation('meetings');
  if (!canRead(plan.myAccess.tasks)) {
    return <NoSectionAccess plan={plan} heading={t('tasks.title')} />;
  }
  return <Tasks plan={plan} />;
}

function Tasks({ plan }: { plan: Plan }) {
  const { t } = useTranslation('meetings');
  const { t: tc } = useTranslation();
  const problemText = useProblemText();
  const writable = canWrite(plan.myAccess.tasks);
  const open = usePlanTasks(plan.id, 'open');
  const done = usePlanTasks(plan.id, 'done');
  const [status, setStatus] = useState('');

  return (
    <div className="page tasks-page">
      <PlanPageHeading plan={plan} title={t('tasks.title')} />
      <Paragraph>{t('tasks.intro')}</Paragraph>
      <StatusMessage>{status}</StatusMessage>
      {writable ? (
        <div className="form-panel">
          <NewTaskForm plan={plan} onCreated={() => setStatus(t('tasks.created'))} />
        </div>
      ) : null}
      {open.isError && isStatus(open.error, 403) ? (
        <NoAccessNotice plan={plan} />
      ) : (
        <>
          <section className="section" aria-labelledby="tasks-open">
            <Heading level={2} data-size="xs" id="tasks-open">
              {t('tasks.open')}
            </Heading>
            {open.isPending ? (
              <Spinner aria-label={tc('layout.loading')} />
            ) : open.isError ? (
              <Alert data-color="warning">
                <Paragraph>{problemText(open.error)}</Paragraph>
              </Alert>
            ) : open.data.length === 0 ? (
              <Paragraph className="muted">{t('tasks.none')}</Paragraph>
            ) : (
              <TaskItems
                tasks={open.data}
                level={3}
                canChange={(task) => writable || task.mine}
                onStatus={setStatus}
              />
            )}
          </section>
          <section className="section" aria-labelledby="tasks-done">
            <Heading level={2} data-size="xs" id="tasks-done">
              {t('tasks.done')}
            </Heading>
            {done.isPending ? (
              <Spinner aria-label={tc('layout.loading')} />
            ) : done.isError ? (
              <Alert data-color="warning">
                <Paragraph>{problemText(done.error)}</Paragraph>
              </Alert>
            ) : done.data.length === 0 ? (
              <Paragraph className="muted">{t('tasks.noneDone')}</Paragraph>
            ) : (
              <TaskItems
                tasks={done.data}
                level={3}
                canChange={(task) => writable || task.mine}
                onStatus={setStatus}
              />
            )}
          </section>
          {open.data?.length || done.data?.length ? (
            <Paragraph>
              <Link href={`/api/plans/${encodeURIComponent(plan.id)}/tasks.csv`} download>
                {t('tasks.downloadCsv')}
              </Link>
            </Paragraph>
          ) : null}
        </>
      )}
    </div>
  );
}

const EMPTY: FormValues = { title: '', assigneeId: '', dueDate: '' };

function NewTaskForm({ plan, onCreated }: { plan: Plan; onCreated: () => void }) {
  const { t } = useTranslation('meetings');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const id = useId();
  const ids = { title: `${id}-title`, assigneeId: `${id}-who`, dueDate: `${id}-due` };
  const draft = useDraft(draftKey(plan.id, 'tasks', null), EMPTY);
  const participants = useParticipants(plan.id);
  const people = (participants.data ?? []).filter(
    (p) => !accessEnded(p) && p.access?.tasks !== 'none',
  );
  const [errors, setErrors] = useState<Partial<Record<keyof typeof ids, string>>>({});
  const [attempt, setAttempt] = useState(0);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [failures, setFailures] = useState(0);
  const text = (name: keyof typeof ids) => {
    const value = draft.values[name];
    return typeof value === 'string' ? value : '';
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    if (!text('title').trim()) {
      setErrors({ title: t('tasks.titleRequired') });
      setAttempt((n) => n + 1);
      return;
    }
    setErrors({});
    setSaving(true);
    setProblem(null);
    try {
      await tasksApi.create(plan.id, {
        title: text('title').trim(),
        ...(text('assigneeId') ? { assigneeId: text('assigneeId') } : {}),
        ...(text('dueDate') ? { dueDate: text('dueDate') } : {}),
      });
      draft.rebase(EMPTY);
      onCreated();
      await refreshTasks(queryClient, plan.id);
    } catch (error) {
      setFailures((n) => n + 1);
      if (error instanceof ApiError && error.status === 400) {
        const fields = fieldErrorsOf(error);
        const found: Partial<Record<keyof typeof ids, string>> = {};
        for (const [field, message] of Object.entries(fields)) {
          const name = field.replace(/^body\./, '');
          if (name === 'title' || name === 'assigneeId' || name === 'dueDate') {
            found[name] = message;
          }
        }
        setErrors(found);
        setAttempt((n) => n + 1);
        if (Object.keys(found).length === 0) setProblem(t('tasks.failed'));
      } else {
        setProblem(problemText(error));
      }
    } finally {
      setSaving(false);
    }
  };

  const summary: FormError[] = (['title', 'assigneeId', 'dueDate'] as const).flatMap((field) => {
    const message = errors[field];
    return message ? [{ field: ids[field], message }] : [];
  });

  return (
    <form className="form" noValidate onSubmit={(e) => void submit(e)}>
      <Heading level={2} data-size="xs">
        {t('tasks.new')}
      </Heading>
      <FormErrorSummary errors={summary} attempt={attempt} />
      {problem ? (
        <FocusAlert key={failures} color="warning">
          {problem}
        </FocusAlert>
      ) : null}
      <Textfield
        id={ids.title}
        label={t('tasks.title_')}
        value={text('title')}
        onChange={(e) => draft.set('title', e.target.value)}
        error={errors.title}
        autoComplete="off"
      />
      <Field>
        <Label htmlFor={ids.assigneeId}>
          {tc('plan.form.optional', { label: t('tasks.assignee') })}
        </Label>
        <Select
          id={ids.assigneeId}
          value={text('assigneeId')}
          onChange={(e) => draft.set('assigneeId', e.target.value)}
          aria-invalid={errors.assigneeId ? true : undefined}
        >
          <Select.Option value="">{t('tasks.nobody')}</Select.Option>
          {people.map((p) => (
            <Select.Option key={p.id} value={p.id}>
              {p.name}
            </Select.Option>
          ))}
        </Select>
      </Field>
      <Textfield
        id={ids.dueDate}
        type="date"
        label={tc('plan.form.optional', { label: t('tasks.due') })}
        value={text('dueDate')}
        onChange={(e) => draft.set('dueDate', e.target.value)}
        error={errors.dueDate}
      />
      <div className="actions">
        <Button type="submit" loading={saving}>
          {t('tasks.create')}
        </Button>
      </div>
    </form>
  );
}
