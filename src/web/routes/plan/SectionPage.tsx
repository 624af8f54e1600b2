import { Alert, Button, Heading, Paragraph, Spinner } from '@digdir/designsystemet-react';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { draftKeys, sectionDraftPrefix } from '../../api/drafts.ts';
import {
  type AnyItem,
  canRead,
  canWrite,
  type Goal,
  type ItemOf,
  type ItemSection,
  isStatus,
  type Measure,
  nameOf,
  type Plan,
  planKeys,
  plansApi,
  useAllItems,
  useParticipants,
} from '../../api/plans.ts';
import { FocusAlert, StatusMessage, useProblemText } from '../../components/forms.tsx';
import { ItemForm, type SavedVersion } from '../../components/plan/ItemForm.tsx';
import { useFormat, usePlanLabels } from '../../components/plan/labels.ts';
import { goalTree } from '../../components/plan/PlanOverview.tsx';
import {
  NoAccessNotice,
  NoSectionAccess,
  PlanPageHeading,
  PlanRoute,
} from '../../components/plan/PlanShell.tsx';
import type { FormValues } from '../../components/plan/useDraft.ts';
import { type SectionDef, titleOf, useSectionDef } from './sectionDefs.tsx';

/** /planer/:planId/mal, /tiltak, /evalueringer, /logg, /bidrag, /samarbeid. */
export default function SectionPage({ section }: { section: ItemSection }) {
  return <PlanRoute>{({ plan }) => <SectionGate plan={plan} section={section} />}</PlanRoute>;
}

function SectionGate({ plan, section }: { plan: Plan; section: ItemSection }) {
  const labels = usePlanLabels();
  if (!canRead(plan.myAccess[section])) {
    return <NoSectionAccess plan={plan} heading={labels.section(section)} />;
  }
  return <SectionView plan={plan} section={section} />;
}

type Editing = { itemId: string | null; preset?: FormValues };

/** The item as saved now; null when it has been deleted. */
async function findItem<S extends ItemSection>(
  planId: string,
  section: S,
  itemId: string,
): Promise<ItemOf[S] | null> {
  try {
    return await plansApi.item(planId, section, itemId);
  } catch (error) {
    if (isStatus(error, 404)) return null;
    throw error;
  }
}

function SectionView<S extends ItemSection>({ plan, section }: { plan: Plan; section: S }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const writable = canWrite(plan.myAccess[section]);
  const participants = useParticipants(plan.id);
  const goals = useAllItems(
    plan.id,
    'goals',
    (section === 'measures' || section === 'evaluations') && canRead(plan.myAccess.goals),
  );
  const measures = useAllItems(
    plan.id,
    'measures',
    (section === 'evaluations' || section === 'log') && canRead(plan.myAccess.measures),
  );
  const list = useInfiniteQuery({
    queryKey: [...planKeys.section(plan.id, section), 'list'],
    queryFn: ({ pageParam, signal }) => plansApi.items(plan.id, section, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
  });
  const items = (list.data?.pages.flatMap((page) => page.items) ?? []) as ItemOf[S][];
  const def = useSectionDef(section, {
    goals: section === 'goals' ? (items as Goal[]) : (goals.data ?? []),
    measures: section === 'measures' ? (items as Measure[]) : (measures.data ?? []),
    participants: participants.data ?? [],
  });

  const [editing, setEditing] = useState<Editing | null>(null);
  const [status, setStatus] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  const addRef = useRef<HTMLButtonElement>(null);

  // Unsaved drafts from earlier (a failed save, an expired session): offered first.
  const [drafts, setDrafts] = useState(() =>
    draftKeys(sectionDraftPrefix(plan.id, section)).map((key) => key.split('.').pop() ?? ''),
  );

  // After a save, put focus on the saved item once it is in the list.
  useEffect(() => {
    if (!focusId) return;
    const element = document.getElementById(`item-${focusId}`);
    if (element) {
      element.focus();
      setFocusId(null);
    }
  });

  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: planKeys.section(plan.id, section) });

  const open = (next: Editing) => {
    setStatus('');
    setProblem(null);
    setEditing(next);
    const id = next.itemId ?? 'new';
    setDrafts((current) => current.filter((d) => d !== id));
  };

  const close = (focus: string | null) => {
    setEditing(null);
    setDrafts(draftKeys(sectionDraftPrefix(plan.id, section)).map((k) => k.split('.').pop() ?? ''));
    if (focus) setFocusId(focus);
    else addRef.current?.focus();
  };

  const remove = async (item: ItemOf[S]) => {
    setStatus('');
    setProblem(null);
    try {
      await plansApi.deleteItem(plan.id, section, item.id);
      await refresh();
      setStatus(def.deleted);
      addRef.current?.focus();
    } catch (error) {
      if (isStatus(error, 404)) {
        await refresh();
        setStatus(def.deleted);
      } else if (isStatus(error, 403)) {
        setProblem(t('plan.form.forbidden'));
      } else {
        setProblem(problemText(error));
      }
    }
  };

  const form = (item: ItemOf[S] | null, preset?: FormValues) => (
    <ItemForm
      key={item?.id ?? 'new'}
      planId={plan.id}
      draftSection={section}
      itemId={item?.id ?? null}
      heading={
        item
          ? def.editLabel
          : preset?.parentId
            ? t('plan.goals.addSubFor', {
                title: items.find((i) => i.id === preset.parentId && 'title' in i)
                  ? (items.find((i) => i.id === preset.parentId) as Goal).title
                  : '',
              })
            : def.addLabel
      }
      headingLevel={2}
      fields={def.fields(item, preset)}
      initial={def.toValues(item, preset)}
      version={item?.version ?? null}
      submitLabel={t('plan.form.save')}
      save={(values, version) =>
        item
          ? plansApi.updateItem(plan.id, section, item.id, {
              ...def.toBody(values, false),
              version,
            })
          : plansApi.addItem(plan.id, section, def.toBody(values, true))
      }
      fetchSaved={
        item
          ? async (): Promise<SavedVersion | null> => {
              const fresh = await findItem(plan.id, section, item.id);
              void refresh();
              if (!fresh) return null;
              return {
                values: def.toValues(fresh),
                version: fresh.version,
                by: nameOf(fresh.updatedBy ?? fresh.createdBy) || null,
                at: fresh.updatedAt ?? fresh.createdAt,
              };
            }
          : undefined
      }
      onSaved={(saved) => {
        // The list shows the saved text before the form closes (never the old one).
        void refresh()
          .catch(() => {})
          .then(() => {
            setStatus(def.saved);
            close((saved as AnyItem).id);
          });
      }}
      onCancel={() => close(item?.id ?? null)}
      footer={<Paragraph data-size="sm">{t('plan.form.visibility')}</Paragraph>}
    />
  );

  const pendingDrafts = editing
    ? []
    : drafts.filter((id) => id === 'new' || items.some((item) => item.id === id));

  const ordered =
    def.order === 'oldest'
      ? [...items].sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      : items;

  return (
    <div className="page section-page">
      <PlanPageHeading plan={plan} title={def.title} />
      <Paragraph>{def.intro}</Paragraph>
      {!writable ? <Paragraph className="muted">{t('plan.readOnly')}</Paragraph> : null}
      {pendingDrafts.length > 0 ? (
        <Alert data-color="warning">
          <Heading level={2} data-size="2xs">
            {t('plan.draft.pendingHeading')}
          </Heading>
          <Paragraph>{t('plan.draft.pendingText')}</Paragraph>
          <div className="actions">
            {pendingDrafts.map((id) => {
              const item = items.find((i) => i.id === id);
              return (
                <Button
                  key={id}
                  type="button"
                  variant="secondary"
                  data-size="sm"
                  onClick={() => open({ itemId: item ? item.id : null })}
                >
                  {item
                    ? t('plan.draft.continueEdit', { name: def.name(item) })
                    : t('plan.draft.continueNew')}
                </Button>
              );
            })}
          </div>
        </Alert>
      ) : null}
      <StatusMessage>{status}</StatusMessage>
      {problem ? <FocusAlert color="warning">{problem}</FocusAlert> : null}
      {writable ? (
        editing && editing.itemId === null && !editing.preset?.parentId ? (
          <div className="form-panel">{form(null, editing.preset)}</div>
        ) : (
          <div className="actions no-print">
            <Button ref={addRef} onClick={() => open({ itemId: null })}>
              {def.addLabel}
            </Button>
          </div>
        )
      ) : null}

      {list.isPending ? (
        <Spinner aria-label={t('layout.loading')} />
      ) : list.isError ? (
        isStatus(list.error, 403) ? (
          <NoAccessNotice plan={plan} />
        ) : (
          <Alert data-color="warning">
            <Paragraph>{problemText(list.error)}</Paragraph>
          </Alert>
        )
      ) : items.length === 0 ? (
        <Paragraph className="muted">{def.empty}</Paragraph>
      ) : (
        <>
          <ul className="item-list section-items">
            {section === 'goals'
              ? goalTree(ordered as Goal[]).map(({ goal, children }) => (
                  <ItemCard
                    key={goal.id}
                    def={def}
                    item={goal as ItemOf[S]}
                    section={section}
                    writable={writable}
                    editing={editing}
                    form={form}
                    onEdit={open}
                    onDelete={remove}
                    childItems={children as ItemOf[S][]}
                  />
                ))
              : ordered.map((item) => (
                  <ItemCard
                    key={item.id}
                    def={def}
                    item={item}
                    section={section}
                    writable={writable}
                    editing={editing}
                    form={form}
                    onEdit={open}
                    onDelete={remove}
                  />
                ))}
          </ul>
          {list.hasNextPage ? (
            <div className="actions no-print">
              <Button
                variant="secondary"
                loading={list.isFetchingNextPage}
                onClick={() => void list.fetchNextPage()}
              >
                {t('plan.showOlder')}
              </Button>
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}

function ItemCard<S extends ItemSection>({
  def,
  item,
  section,
  writable,
  editing,
  form,
  onEdit,
  onDelete,
  childItems,
  level = 2,
}: {
  def: SectionDef<S>;
  item: ItemOf[S];
  section: S;
  writable: boolean;
  editing: Editing | null;
  form: (item: ItemOf[S] | null, preset?: FormValues) => ReactNode;
  onEdit: (editing: Editing) => void;
  onDelete: (item: ItemOf[S]) => Promise<void>;
  childItems?: ItemOf[S][];
  level?: 2 | 3;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const confirmRef = useRef<HTMLParagraphElement>(null);
  const editRef = useRef<HTMLButtonElement>(null);
  const title = titleOf(section, item);
  const by = nameOf(item.createdBy);
  const heading = title ?? t('plan.item.heading', { date: format.date(item.createdAt), name: by });
  const changed = item.updatedAt && item.updatedAt !== item.createdAt && item.version > 1;
  const isEditing = editing?.itemId === item.id;
  const addingSub = editing?.itemId === null && editing.preset?.parentId === item.id;

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  return (
    <li className="item" id={`item-${item.id}`} tabIndex={-1}>
      {isEditing ? (
        <div className="form-panel">{form(item)}</div>
      ) : (
        <>
          <Heading level={level} data-size="xs" className="item-title">
            {heading}
          </Heading>
          {def.body(item, level)}
          <p className="item-meta">
            {title || section === 'cooperation'
              ? t('plan.item.createdBy', { name: by, date: format.date(item.createdAt) })
              : null}
            {changed
              ? ` ${t('plan.item.changedBy', {
                  name: nameOf(item.updatedBy) || by,
                  date: format.dateTime(item.updatedAt),
                })}`
              : null}
          </p>
          {writable ? (
            confirming ? (
              <div className="confirm no-print">
                <p ref={confirmRef} tabIndex={-1}>
                  {t('plan.item.confirmDelete', { name: def.name(item) })}
                </p>
                <div className="actions">
                  <Button
                    data-color="danger"
                    data-size="sm"
                    loading={deleting}
                    onClick={async () => {
                      setDeleting(true);
                      await onDelete(item);
                      setDeleting(false);
                      setConfirming(false);
                    }}
                  >
                    {t('plan.item.deleteConfirm')}
                  </Button>
                  <Button
                    variant="secondary"
                    data-size="sm"
                    onClick={() => {
                      setConfirming(false);
                      editRef.current?.focus();
                    }}
                  >
                    {t('common.cancel')}
                  </Button>
                </div>
              </div>
            ) : (
              <div className="actions item-actions no-print">
                <Button
                  ref={editRef}
                  variant="secondary"
                  data-size="sm"
                  onClick={() => onEdit({ itemId: item.id })}
                  aria-label={`${t('plan.item.edit')}: ${def.name(item)}`}
                >
                  {t('plan.item.edit')}
                </Button>
                {section === 'goals' && childItems ? (
                  <Button
                    variant="tertiary"
                    data-size="sm"
                    onClick={() => onEdit({ itemId: null, preset: { parentId: item.id } })}
                    aria-label={`${t('plan.goals.addSub')}: ${def.name(item)}`}
                  >
                    {t('plan.goals.addSub')}
                  </Button>
                ) : null}
                <Button
                  variant="tertiary"
                  data-size="sm"
                  onClick={() => setConfirming(true)}
                  aria-label={`${t('plan.item.delete')}: ${def.name(item)}`}
                >
                  {t('plan.item.delete')}
                </Button>
              </div>
            )
          ) : null}
        </>
      )}
      {addingSub ? <div className="form-panel">{form(null, editing?.preset)}</div> : null}
      {childItems && childItems.length > 0 ? (
        <ul
          className="item-list sub-items"
          aria-label={t('plan.goals.subGoalsOf', { title: def.name(item) })}
        >
          {childItems.map((child) => (
            <ItemCard
              key={child.id}
              def={def}
              item={child}
              section={section}
              writable={writable}
              editing={editing}
              form={form}
              onEdit={onEdit}
              onDelete={onDelete}
              level={3}
            />
          ))}
        </ul>
      ) : null}
    </li>
  );
}
