import { Alert, ErrorSummary, Paragraph } from '@digdir/designsystemet-react';
import { type ComponentRef, type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';

/** One error, named by the id of the field it belongs to. */
export type FormError = { field: string; message: string };

/** The errors of a form, field id → message, in the order of the fields. */
export type FieldErrors<F extends string> = Partial<Record<F, string>>;

export function errorList<F extends string>(errors: FieldErrors<F>, ids: Record<F, string>) {
  return (Object.keys(ids) as F[]).flatMap((field) => {
    const message = errors[field];
    return message ? [{ field: ids[field], message }] : [];
  });
}

/**
 * The list of what to fix, shown after a failed submit. It takes focus each time a submit
 * fails (`attempt` changes), and each link moves focus to its field.
 */
export function FormErrorSummary({ errors, attempt }: { errors: FormError[]; attempt: number }) {
  const { t } = useTranslation();
  const ref = useRef<ComponentRef<typeof ErrorSummary>>(null);
  const visible = errors.length > 0;

  // biome-ignore lint/correctness/useExhaustiveDependencies: focus again on every failed submit
  useEffect(() => {
    if (visible) ref.current?.focus();
  }, [attempt]);

  if (!visible) return null;
  return (
    <ErrorSummary ref={ref} tabIndex={-1}>
      <ErrorSummary.Heading>{t('common.errorSummary')}</ErrorSummary.Heading>
      <ErrorSummary.List>
        {errors.map((error) => (
          <ErrorSummary.Item key={error.field}>
            <ErrorSummary.Link
              href={`#${error.field}`}
              onClick={(event) => {
                event.preventDefault();
                const field = document.getElementById(error.field);
                field?.focus();
                field?.scrollIntoView({ block: 'center' });
              }}
            >
              {error.message}
            </ErrorSummary.Link>
          </ErrorSummary.Item>
        ))}
      </ErrorSummary.List>
    </ErrorSummary>
  );
}

/** A failed call that is not about a field: the network, rate limits, the server. */
export function useProblemText() {
  const { t } = useTranslation();
  return (error: unknown): string => {
    if (error instanceof ApiError && error.status === 429) {
      return t('common.tooMany', {
        minutes: Math.max(1, Math.ceil((error.retryAfter ?? 60) / 60)),
      });
    }
    if (error instanceof ApiError) return t('common.server');
    return t('common.network');
  };
}

/** An alert that takes focus when it appears, so keyboard and screen reader users get it. */
export function FocusAlert({
  color,
  children,
}: {
  color: 'info' | 'success' | 'warning' | 'danger';
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <Alert ref={ref} data-color={color} tabIndex={-1} className="focus-alert">
      {typeof children === 'string' ? <Paragraph>{children}</Paragraph> : children}
    </Alert>
  );
}

/**
 * A polite live region that is always in the page, so that a message put in it is read
 * out (success messages after saving).
 */
export function StatusMessage({ children }: { children: ReactNode }) {
  return (
    <div role="status" className="status-message">
      {children ? (
        <Alert data-color="success">
          <Paragraph>{children}</Paragraph>
        </Alert>
      ) : null}
    </div>
  );
}

/** The digits of a one-time code as typed ("123 456" → "123456"). */
export function codeDigits(value: string): string {
  return value.replace(/[\s-]/g, '');
}

export function isNetworkError(error: unknown): boolean {
  return !(error instanceof ApiError);
}
