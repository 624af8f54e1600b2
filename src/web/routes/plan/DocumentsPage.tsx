import '../../i18n/documents.ts';
import '../../meetings.css';
import {
  Alert,
  Button,
  Field,
  Heading,
  Label,
  Link,
  Paragraph,
  Spinner,
  ValidationMessage,
} from '@digdir/designsystemet-react';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import {
  documentContentPath,
  documentsApi,
  type PlanDocument,
  refreshDocuments,
  usePlanDocuments,
} from '../../api/documents.ts';
import { canRead, canWrite, isStatus, type Plan } from '../../api/plans.ts';
import { FocusAlert, StatusMessage, useProblemText } from '../../components/forms.tsx';
import { useFormat } from '../../components/plan/labels.ts';
import {
  NoAccessNotice,
  NoSectionAccess,
  PlanPageHeading,
  PlanRoute,
} from '../../components/plan/PlanShell.tsx';

/** The server's default upload limit (DOCUMENTS_MAX_BYTES may set another). */
const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;

/** /planer/:planId/dokumenter — the plan's documents: list, download, upload, delete. */
export default function DocumentsPage() {
  return <PlanRoute>{({ plan }) => <DocumentsGate plan={plan} />}</PlanRoute>;
}

function DocumentsGate({ plan }: { plan: Plan }) {
  const { t } = useTranslation('documents');
  if (!canRead(plan.myAccess.documents)) {
    return <NoSectionAccess plan={plan} heading={t('title')} />;
  }
  return <Documents plan={plan} />;
}

function fileSize(bytes: number, language: string): string {
  const locale = language === 'en' ? 'en-GB' : language === 'nn' ? 'nn-NO' : 'nb-NO';
  const number = (value: number) =>
    new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);
  if (bytes < 1024) return `${number(bytes)} B`;
  if (bytes < 1024 * 1024) return `${number(bytes / 1024)} KB`;
  return `${number(bytes / (1024 * 1024))} MB`;
}

function Documents({ plan }: { plan: Plan }) {
  const { t, i18n } = useTranslation('documents');
  const { t: tc } = useTranslation();
  const format = useFormat();
  const problemText = useProblemText();
  const queryClient = useQueryClient();
  const writable = canWrite(plan.myAccess.documents);
  const documents = usePlanDocuments(plan.id);
  const [status, setStatus] = useState('');
  const [confirming, setConfirming] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [deleteFailed, setDeleteFailed] = useState<string | null>(null);

  const remove = async (document: PlanDocument) => {
    setDeleting(true);
    setDeleteFailed(null);
    try {
      await documentsApi.remove(plan.id, document.id);
      setConfirming(null);
      setStatus(t('deleted', { name: document.name }));
      await refreshDocuments(queryClient, plan.id);
    } catch {
      setDeleteFailed(document.id);
    } finally {
      setDeleting(false);
    }
  };

  return (
    <div className="page documents-page">
      <PlanPageHeading plan={plan} title={t('title')} />
      <Paragraph>{t('intro')}</Paragraph>
      <StatusMessage>{status}</StatusMessage>
      {writable ? (
        <div className="form-panel">
          <UploadForm
            plan={plan}
            onUploaded={(document) => setStatus(t('uploaded', { name: document.name }))}
          />
        </div>
      ) : null}
      <section className="section" aria-labelledby="documents-list">
        <Heading level={2} data-size="xs" id="documents-list">
          {t('list')}
        </Heading>
        {documents.isPending ? (
          <Spinner aria-label={tc('layout.loading')} />
        ) : documents.isError ? (
          isStatus(documents.error, 403) ? (
            <NoAccessNotice plan={plan} />
          ) : (
            <Alert data-color="warning">
              <Paragraph>{problemText(documents.error)}</Paragraph>
            </Alert>
          )
        ) : documents.data.length === 0 ? (
          <Paragraph className="muted">{t('none')}</Paragraph>
        ) : (
          <ul className="item-list document-list">
            {documents.data.map((document) => (
              <li key={document.id} className="item">
                <div className="item-head">
                  <Heading level={3} data-size="2xs" className="item-title">
                    {document.name}
                  </Heading>
                </div>
                <p className="item-meta">
                  {fileSize(document.size, i18n.language)} ·{' '}
                  {t('uploadedBy', {
                    name: document.uploadedBy.name,
                    date: format.date(document.createdAt),
                  })}
                </p>
                <div className="actions no-print">
                  <Link
                    href={documentContentPath(plan.id, document.id)}
                    download={document.name}
                    aria-label={t('downloadName', { name: document.name })}
                  >
                    {t('download')}
                  </Link>
                  {writable && confirming !== document.id ? (
                    <Button
                      type="button"
                      variant="tertiary"
                      data-size="sm"
                      aria-label={t('deleteName', { name: document.name })}
                      onClick={() => {
                        setStatus('');
                        setConfirming(document.id);
                      }}
                    >
                      {t('delete')}
                    </Button>
                  ) : null}
                </div>
                {confirming === document.id ? (
                  <Alert data-color="warning">
                    <Paragraph>{t('deleteConfirm', { name: document.name })}</Paragraph>
                    <div className="actions">
                      <Button
                        type="button"
                        data-color="danger"
                        data-size="sm"
                        loading={deleting}
                        onClick={() => void remove(document)}
                      >
                        {t('deleteYes')}
                      </Button>
                      <Button
                        type="button"
                        variant="tertiary"
                        data-size="sm"
                        onClick={() => setConfirming(null)}
                      >
                        {tc('common.cancel')}
                      </Button>
                    </div>
                    {deleteFailed === document.id ? (
                      <Paragraph role="alert">{t('deleteFailed')}</Paragraph>
                    ) : null}
                  </Alert>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function UploadForm({
  plan,
  onUploaded,
}: {
  plan: Plan;
  onUploaded: (document: PlanDocument) => void;
}) {
  const { t } = useTranslation('documents');
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [failures, setFailures] = useState(0);
  const [uploading, setUploading] = useState(false);

  const reasonOf = (caught: unknown, file: File): string => {
    // A server may close the connection on a file over its limit before answering 413.
    if (!(caught instanceof ApiError)) {
      return file.size > DEFAULT_MAX_BYTES ? t('tooLarge') : problemText(caught);
    }
    const code = caught.problem.errors?.[0]?.code ?? '';
    if (caught.status === 413) return code === 'documents.quota' ? t('quota') : t('tooLarge');
    if (caught.status === 415) return code === 'documents.image' ? t('badImage') : t('wrongType');
    if (caught.status === 422) return t('virus');
    if (caught.status === 400) return t('empty');
    if (caught.status === 429) return problemText(caught);
    return t('failed');
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (uploading) return;
    const file = inputRef.current?.files?.[0];
    if (!file) {
      setError(t('pickFile'));
      inputRef.current?.focus();
      return;
    }
    setError(null);
    setFailure(null);
    setUploading(true);
    try {
      const document = await documentsApi.upload(plan.id, file);
      if (inputRef.current) inputRef.current.value = '';
      onUploaded(document);
      await refreshDocuments(queryClient, plan.id);
    } catch (caught) {
      setFailure(reasonOf(caught, file));
      setFailures((n) => n + 1);
    } finally {
      setUploading(false);
    }
  };

  return (
    <form className="form upload-form" noValidate onSubmit={(e) => void submit(e)}>
      <Heading level={2} data-size="xs">
        {t('uploadHeading')}
      </Heading>
      {failure ? (
        <FocusAlert key={failures} color="danger">
          {failure}
        </FocusAlert>
      ) : null}
      <Field>
        <Label htmlFor={`${id}-file`}>{t('file')}</Label>
        <Paragraph data-size="sm" id={`${id}-help`}>
          {t('fileHelp')}
        </Paragraph>
        <input
          ref={inputRef}
          id={`${id}-file`}
          type="file"
          className="file-input"
          aria-describedby={`${id}-help`}
          aria-invalid={error ? true : undefined}
          onChange={() => setError(null)}
        />
        {error ? <ValidationMessage>{error}</ValidationMessage> : null}
      </Field>
      <div className="actions">
        <Button type="submit" loading={uploading}>
          {t('upload')}
        </Button>
      </div>
    </form>
  );
}
