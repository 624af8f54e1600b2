import { Alert, Button, Heading, Paragraph, Spinner } from '@digdir/designsystemet-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { draftKey, readDraft } from '../../api/drafts.ts';
import {
  ABOUT_ME_FIELDS,
  type AboutMe,
  type AboutMeField,
  canRead,
  canWrite,
  isStatus,
  nameOf,
  type Plan,
  planKeys,
  plansApi,
} from '../../api/plans.ts';
import { StatusMessage, useProblemText } from '../../components/forms.tsx';
import { type FieldSpec, ItemForm } from '../../components/plan/ItemForm.tsx';
import { useFormat, usePlanLabels } from '../../components/plan/labels.ts';
import {
  NoAccessNotice,
  NoSectionAccess,
  PlanPageHeading,
  PlanRoute,
} from '../../components/plan/PlanShell.tsx';
import type { FormValues } from '../../components/plan/useDraft.ts';

const TEXT_MAX = 10_000;

/** /planer/:planId/om-meg — the owner's own words: what matters, resources, needs, background. */
export default function AboutMePage() {
  return <PlanRoute>{({ plan }) => <AboutMeGate plan={plan} />}</PlanRoute>;
}

function AboutMeGate({ plan }: { plan: Plan }) {
  const labels = usePlanLabels();
  if (!canRead(plan.myAccess.aboutMe)) {
    return <NoSectionAccess plan={plan} heading={labels.section('aboutMe')} />;
  }
  return <AboutMeView plan={plan} />;
}

/** Nothing written yet: the API may answer 404 or an empty page; both are "empty". */
async function readAboutMe(planId: string, signal?: AbortSignal): Promise<AboutMe> {
  try {
    return await plansApi.aboutMe(planId, signal);
  } catch (error) {
    if (isStatus(error, 404)) {
      return { whatMattersToMe: '', myResources: '', myNeeds: '', background: '', version: 0 };
    }
    throw error;
  }
}

function toValues(about: AboutMe | undefined): FormValues {
  return Object.fromEntries(ABOUT_ME_FIELDS.map((field) => [field, about?.[field] ?? '']));
}

function AboutMeView({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const format = useFormat();
  const writable = canWrite(plan.myAccess.aboutMe);
  const about = useQuery({
    queryKey: planKeys.aboutMe(plan.id),
    queryFn: ({ signal }) => readAboutMe(plan.id, signal),
  });
  const [editing, setEditing] = useState(false);
  // Text written earlier and not saved (a failed save, an expired session): offered first.
  const [pending, setPending] = useState(
    () => writable && readDraft(draftKey(plan.id, 'aboutMe', null)) !== null,
  );
  const [status, setStatus] = useState('');
  const editRef = useRef<HTMLButtonElement>(null);
  const isOwner = plan.myRole === 'owner';

  const labels: Record<AboutMeField, string> = {
    whatMattersToMe: isOwner
      ? t('plan.aboutMe.whatMattersToMe')
      : t('plan.aboutMe.whatMattersOther'),
    myResources: isOwner ? t('plan.aboutMe.myResources') : t('plan.aboutMe.resourcesOther'),
    myNeeds: isOwner ? t('plan.aboutMe.myNeeds') : t('plan.aboutMe.needsOther'),
    background: t('plan.aboutMe.background'),
  };
  const help: Record<AboutMeField, string> = {
    whatMattersToMe: t('plan.aboutMe.whatMattersHelp'),
    myResources: t('plan.aboutMe.resourcesHelp'),
    myNeeds: t('plan.aboutMe.needsHelp'),
    background: t('plan.aboutMe.backgroundHelp'),
  };
  const fields: FieldSpec[] = ABOUT_ME_FIELDS.map((name) => ({
    name,
    kind: 'multiline',
    label: labels[name],
    description: help[name],
    max: TEXT_MAX,
  }));

  const toBody = (values: FormValues, version: number | null) => ({
    ...Object.fromEntries(
      ABOUT_ME_FIELDS.map((field) => {
        const text = typeof values[field] === 'string' ? (values[field] as string).trim() : '';
        return [field, text];
      }),
    ),
    version: version ?? 0,
  });

  const data = about.data;
  const empty = data ? ABOUT_ME_FIELDS.every((field) => !data[field]) : true;

  return (
    <div className="page section-page">
      <PlanPageHeading plan={plan} title={t('plan.aboutMe.title')} />
      <Paragraph>
        {isOwner
          ? t('plan.aboutMe.introOwner')
          : t('plan.aboutMe.intro', { name: plan.owner.name })}
      </Paragraph>
      <StatusMessage>{status}</StatusMessage>
      {pending && !editing ? (
        <Alert data-color="warning">
          <Heading level={2} data-size="2xs">
            {t('plan.draft.pendingHeading')}
          </Heading>
          <Paragraph>{t('plan.draft.pendingText')}</Paragraph>
          <div className="actions">
            <Button
              variant="secondary"
              data-size="sm"
              onClick={() => {
                setPending(false);
                setEditing(true);
              }}
            >
              {t('plan.draft.continueNew')}
            </Button>
          </div>
        </Alert>
      ) : null}
      {about.isPending ? (
        <Spinner aria-label={t('layout.loading')} />
      ) : about.isError ? (
        isStatus(about.error, 403) ? (
          <NoAccessNotice plan={plan} />
        ) : (
          <Alert data-color="warning">
            <Paragraph>{problemText(about.error)}</Paragraph>
          </Alert>
        )
      ) : editing ? (
        <div className="form-panel">
          <ItemForm
            planId={plan.id}
            draftSection="aboutMe"
            itemId={null}
            heading={t('plan.aboutMe.editHeading')}
            headingLevel={2}
            fields={fields}
            initial={toValues(about.data)}
            version={about.data.version}
            submitLabel={t('plan.form.save')}
            save={(values, version) => plansApi.saveAboutMe(plan.id, toBody(values, version))}
            fetchSaved={async () => {
              const fresh = await readAboutMe(plan.id);
              queryClient.setQueryData(planKeys.aboutMe(plan.id), fresh);
              return {
                values: toValues(fresh),
                version: fresh.version,
                by: nameOf(fresh.updatedBy) || null,
                at: fresh.updatedAt,
              };
            }}
            onSaved={(saved) => {
              queryClient.setQueryData(planKeys.aboutMe(plan.id), saved);
              setEditing(false);
              setStatus(t('plan.aboutMe.saved'));
              requestAnimationFrame(() => editRef.current?.focus());
            }}
            onCancel={() => {
              setEditing(false);
              setPending(readDraft(draftKey(plan.id, 'aboutMe', null)) !== null);
              requestAnimationFrame(() => editRef.current?.focus());
            }}
            footer={<Paragraph data-size="sm">{t('plan.form.visibility')}</Paragraph>}
          />
        </div>
      ) : (
        <>
          {empty ? <Paragraph className="muted">{t('plan.aboutMe.empty')}</Paragraph> : null}
          {ABOUT_ME_FIELDS.map((field) =>
            data?.[field] ? (
              <section key={field} className="section">
                <Heading level={2} data-size="xs">
                  {labels[field]}
                </Heading>
                <p className="plain-text">{data[field]}</p>
              </section>
            ) : null,
          )}
          {data?.updatedAt && !empty ? (
            <p className="item-meta">
              {t('plan.item.changedBy', {
                name: nameOf(data.updatedBy),
                date: format.dateTime(data.updatedAt),
              })}
            </p>
          ) : null}
          {writable ? (
            <div className="actions no-print">
              <Button
                ref={editRef}
                onClick={() => {
                  setStatus('');
                  setEditing(true);
                }}
              >
                {empty ? t('plan.aboutMe.write') : t('plan.aboutMe.edit')}
              </Button>
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}
