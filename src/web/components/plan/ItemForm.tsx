import {
  Alert,
  Button,
  Checkbox,
  Field,
  Fieldset,
  Heading,
  Label,
  Paragraph,
  Select,
  Textfield,
  ValidationMessage,
} from '@digdir/designsystemet-react';
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, fieldErrorsOf } from '../../api/client.ts';
import { draftKey } from '../../api/drafts.ts';
import { FocusAlert, type FormError, FormErrorSummary, useProblemText } from '../forms.tsx';
import { useFormat } from './labels.ts';
import { type FormValues, useDraft } from './useDraft.ts';

export type Option = { value: string; label: string };

export type FieldSpec = {
  name: string;
  label: string;
  description?: string;
  kind: 'text' | 'multiline' | 'date' | 'select' | 'checkboxes';
  required?: boolean;
  /** Most characters allowed (text fields). */
  max?: number;
  options?: Option[];
  /** The first choice of a select, meaning "none". */
  emptyOption?: string;
};

/** The version of an item as saved now, to show beside the person's own (409). */
export type SavedVersion = {
  values: FormValues;
  version: number;
  by: string | null;
  at: string | null | undefined;
};

type Props<T> = {
  planId: string;
  /** The draft's key part: the section ("goals", "aboutMe", ...). */
  draftSection: string;
  itemId: string | null;
  heading: string;
  headingLevel: 2 | 3;
  fields: FieldSpec[];
  initial: FormValues;
  version: number | null;
  submitLabel: string;
  /** Sends the form; `version` is the one to send with a change. */
  save: (values: FormValues, version: number | null) => Promise<T>;
  /** The item as saved now (after a 409), or null when it is gone. */
  fetchSaved?: () => Promise<SavedVersion | null>;
  onSaved: (saved: T) => void;
  onCancel?: () => void;
  /** Shown above the buttons (e.g. who can see what is written). */
  footer?: ReactNode;
};

type Problem =
  | { kind: 'conflict'; saved: SavedVersion }
  | { kind: 'gone' }
  | { kind: 'forbidden' }
  | { kind: 'session' }
  | { kind: 'other'; text: string };

/**
 * A form for one item of a plan section. What is typed is kept as a draft (this tab's
 * sessionStorage) until it is saved; a failed save never empties the form; a 409 shows the
 * saved version beside the person's own, so they choose and nothing is lost.
 */
export function ItemForm<T>({
  planId,
  draftSection,
  itemId,
  heading,
  headingLevel,
  fields,
  initial,
  version: loadedVersion,
  submitLabel,
  save,
  fetchSaved,
  onSaved,
  onCancel,
  footer,
}: Props<T>) {
  const { t } = useTranslation();
  const format = useFormat();
  const problemText = useProblemText();
  const id = useId();
  const key = draftKey(planId, draftSection, itemId);
  const draft = useDraft(key, initial);
  const [version, setVersion] = useState(loadedVersion);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [attempt, setAttempt] = useState(0);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const firstRef = useRef<HTMLElement | null>(null);
  const fieldId = (name: string) => `${id}-${name}`;

  // Opening the form puts the cursor in its first field.
  useEffect(() => {
    firstRef.current?.focus();
  }, []);

  const check = (field: FieldSpec, value: string | string[] | undefined): string | undefined => {
    if (Array.isArray(value)) return undefined;
    const text = (value ?? '').trim();
    if (field.required && !text) return t('plan.form.required', { label: field.label });
    if (field.max && text.length > field.max) return t('plan.tooLong', { max: field.max });
    return undefined;
  };

  const onChange = (field: FieldSpec, value: string | string[]) => {
    draft.set(field.name, value);
    if (errors[field.name]) {
      setErrors((current) => ({ ...current, [field.name]: check(field, value) }));
    }
  };

  const submit = async (event?: FormEvent, overrideVersion?: number) => {
    event?.preventDefault();
    if (saving) return;
    const found = Object.fromEntries(
      fields.map((field) => [field.name, check(field, draft.values[field.name])]),
    );
    if (Object.values(found).some(Boolean)) {
      setErrors(found);
      setAttempt((n) => n + 1);
      return;
    }
    setErrors({});
    setSaving(true);
    const sendVersion = overrideVersion ?? version;
    try {
      const saved = await save(draft.values, sendVersion);
      draft.clear();
      setProblem(null);
      onSaved(saved);
    } catch (error) {
      await failed(error);
    } finally {
      setSaving(false);
    }
  };

  const failed = async (error: unknown) => {
    if (error instanceof ApiError && error.status === 400) {
      const server = fieldErrorsOf(error);
      const mapped = Object.fromEntries(
        fields.map((field) => [
          field.name,
          server[field.name] ? t('plan.fieldInvalid') : undefined,
        ]),
      );
      if (Object.values(mapped).some(Boolean)) {
        setErrors(mapped);
        setAttempt((n) => n + 1);
        return;
      }
    }
    if (error instanceof ApiError && error.status === 409 && fetchSaved) {
      const saved = await fetchSaved().catch(() => undefined);
      if (saved === null) setProblem({ kind: 'gone' });
      else if (saved) {
        setVersion(saved.version);
        setProblem({ kind: 'conflict', saved });
      } else setProblem({ kind: 'other', text: problemText(error) });
      return;
    }
    if (error instanceof ApiError && error.status === 404 && itemId) {
      setProblem({ kind: 'gone' });
      return;
    }
    if (error instanceof ApiError && error.status === 403) {
      setProblem({ kind: 'forbidden' });
      return;
    }
    if (error instanceof ApiError && error.status === 401) {
      setProblem({ kind: 'session' });
      return;
    }
    setProblem({ kind: 'other', text: problemText(error) });
  };

  const summary: FormError[] = fields.flatMap((field) => {
    const message = errors[field.name];
    return message ? [{ field: fieldId(field.name), message }] : [];
  });

  const describe = (values: FormValues) =>
    fields.map((field) => {
      const value = values[field.name];
      const shown = Array.isArray(value)
        ? value.map((v) => field.options?.find((o) => o.value === v)?.label ?? v).join(', ')
        : field.kind === 'select'
          ? (field.options?.find((o) => o.value === value)?.label ?? '')
          : field.kind === 'date'
            ? format.date(value)
            : (value ?? '');
      return { name: field.name, label: field.label, value: shown };
    });

  return (
    <form className="form item-form" noValidate onSubmit={(e) => void submit(e)}>
      <Heading level={headingLevel} data-size="xs">
        {heading}
      </Heading>
      <FormErrorSummary errors={summary} attempt={attempt} />
      {draft.restored ? (
        <Alert data-color="info">
          <Paragraph>
            {t('plan.draft.restored', {
              time: format.dateTime(new Date(draft.restored).toISOString()),
            })}
          </Paragraph>
          <div className="actions">
            <Button
              type="button"
              variant="secondary"
              data-size="sm"
              onClick={draft.discardRestored}
            >
              {itemId ? t('plan.draft.discardEdit') : t('plan.draft.discardNew')}
            </Button>
          </div>
        </Alert>
      ) : null}
      {problem?.kind === 'conflict' ? (
        <FocusAlert color="warning">
          <Heading level={(headingLevel + 1) as 3 | 4} data-size="2xs">
            {t('plan.conflict.heading')}
          </Heading>
          <Paragraph>{t('plan.conflict.text')}</Paragraph>
          <div className="conflict">
            <section className="conflict-version">
              <Heading level={(headingLevel + 2) as 4 | 5} data-size="2xs">
                {t('plan.conflict.mine')}
              </Heading>
              <VersionFacts rows={describe(draft.values)} />
            </section>
            <section className="conflict-version">
              <Heading level={(headingLevel + 2) as 4 | 5} data-size="2xs">
                {problem.saved.by
                  ? t('plan.conflict.theirsBy', {
                      name: problem.saved.by,
                      time: format.dateTime(problem.saved.at),
                    })
                  : t('plan.conflict.theirs')}
              </Heading>
              <VersionFacts rows={describe(problem.saved.values)} />
            </section>
          </div>
          <div className="actions">
            <Button type="button" onClick={() => void submit(undefined, problem.saved.version)}>
              {t('plan.conflict.keepMine')}
            </Button>
            <Button
              type="button"
              variant="secondary"
              onClick={() => {
                draft.rebase(problem.saved.values);
                setProblem(null);
              }}
            >
              {t('plan.conflict.takeTheirs')}
            </Button>
          </div>
          <Paragraph data-size="sm">{t('plan.conflict.merge')}</Paragraph>
        </FocusAlert>
      ) : null}
      {problem?.kind === 'gone' ? (
        <FocusAlert color="warning">
          <Paragraph>{t('plan.conflict.gone')}</Paragraph>
        </FocusAlert>
      ) : null}
      {problem?.kind === 'forbidden' ? (
        <FocusAlert color="warning">{t('plan.form.forbidden')}</FocusAlert>
      ) : null}
      {problem?.kind === 'session' ? (
        <FocusAlert color="warning">{t('plan.form.session')}</FocusAlert>
      ) : null}
      {problem?.kind === 'other' ? <FocusAlert color="warning">{problem.text}</FocusAlert> : null}

      {fields.map((field, index) => (
        <FormField
          key={field.name}
          field={field}
          id={fieldId(field.name)}
          value={draft.values[field.name]}
          error={errors[field.name]}
          onChange={(value) => onChange(field, value)}
          inputRef={index === 0 ? firstRef : undefined}
        />
      ))}
      {footer}
      <div className="actions">
        <Button type="submit" loading={saving}>
          {submitLabel}
        </Button>
        {onCancel ? (
          <Button type="button" variant="tertiary" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}

function VersionFacts({ rows }: { rows: { name: string; label: string; value: string }[] }) {
  const { t } = useTranslation();
  return (
    <dl className="mini-facts">
      {rows.map((row) => (
        <div key={row.name}>
          <dt>{row.label}</dt>
          <dd className="plain-text">
            {row.value || <span className="muted">{t('plan.empty')}</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function FormField({
  field,
  id,
  value,
  error,
  onChange,
  inputRef,
}: {
  field: FieldSpec;
  id: string;
  value: string | string[] | undefined;
  error: string | undefined;
  onChange: (value: string | string[]) => void;
  inputRef?: { current: HTMLElement | null };
}) {
  const { t } = useTranslation();
  const ref = (element: HTMLElement | null) => {
    if (inputRef) inputRef.current = element;
  };
  // A select without an empty choice always has a value: not "optional" either.
  const alwaysSet = field.kind === 'select' && field.emptyOption === undefined;
  const label =
    field.required || alwaysSet ? field.label : t('plan.form.optional', { label: field.label });
  const text = Array.isArray(value) ? '' : (value ?? '');

  if (field.kind === 'checkboxes') {
    const chosen = Array.isArray(value) ? value : [];
    const options = field.options ?? [];
    return (
      <Fieldset>
        <Fieldset.Legend>{label}</Fieldset.Legend>
        {field.description ? (
          <Fieldset.Description>{field.description}</Fieldset.Description>
        ) : null}
        {options.length === 0 ? (
          <Paragraph className="muted">{t('plan.form.noOptions')}</Paragraph>
        ) : (
          options.map((option, index) => (
            <Checkbox
              key={option.value}
              id={index === 0 ? id : undefined}
              ref={index === 0 ? ref : undefined}
              label={option.label}
              value={option.value}
              checked={chosen.includes(option.value)}
              onChange={(e) =>
                onChange(
                  e.target.checked
                    ? [...chosen, option.value]
                    : chosen.filter((v) => v !== option.value),
                )
              }
            />
          ))
        )}
        {error ? <ValidationMessage>{error}</ValidationMessage> : null}
      </Fieldset>
    );
  }

  if (field.kind === 'select') {
    return (
      <Field>
        <Label htmlFor={id}>{label}</Label>
        {field.description ? <Paragraph data-size="sm">{field.description}</Paragraph> : null}
        <Select
          id={id}
          ref={ref}
          value={text}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={error ? true : undefined}
        >
          {field.emptyOption !== undefined ? (
            <Select.Option value="">{field.emptyOption}</Select.Option>
          ) : null}
          {(field.options ?? []).map((option) => (
            <Select.Option key={option.value} value={option.value}>
              {option.label}
            </Select.Option>
          ))}
        </Select>
        {error ? <ValidationMessage>{error}</ValidationMessage> : null}
      </Field>
    );
  }

  if (field.kind === 'multiline') {
    return (
      <Textfield
        id={id}
        ref={ref}
        multiline
        rows={4}
        label={label}
        description={field.description}
        value={text}
        onChange={(e) => onChange(e.target.value)}
        error={error}
      />
    );
  }

  return (
    <Textfield
      id={id}
      ref={ref}
      type={field.kind === 'date' ? 'date' : 'text'}
      label={label}
      description={field.description}
      value={text}
      onChange={(e) => onChange(e.target.value)}
      error={error}
      className={field.kind === 'date' ? 'date-field' : undefined}
    />
  );
}
