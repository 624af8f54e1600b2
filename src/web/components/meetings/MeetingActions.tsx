// Dialog needs the web components for its invoker commands (see vite.config.ts).
import '@digdir/designsystemet-web';
import { Button, Dialog, Heading, Paragraph } from '@digdir/designsystemet-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { readDraft } from '../../api/drafts.ts';
import { type Meeting, meetingKeys, meetingsApi, refreshMeetings } from '../../api/meetings.ts';
import type { Plan } from '../../api/plans.ts';
import { useProblemText } from '../forms.tsx';
import { MeetingForm } from './MeetingForm.tsx';
import { meetingEditDraftKey } from './meetingFormModel.ts';

/**
 * "Endre møtet" and "Avlys møtet", for those who may write meetings, on a meeting not
 * cancelled. Changing opens the call-in form filled in with the meeting (again at once when
 * an unsaved change was kept as a draft); cancelling asks first, in a dialog.
 */
export function MeetingActions({
  plan,
  meeting,
  onStatus,
  onCancelled,
}: {
  plan: Plan;
  meeting: Meeting;
  onStatus: (status: string) => void;
  /** The meeting is now cancelled (and these actions go). */
  onCancelled: () => void;
}) {
  const { t } = useTranslation('meetings');
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<'restored' | 'clicked' | null>(() =>
    readDraft(meetingEditDraftKey(plan.id, meeting.id)) !== null ? 'restored' : null,
  );
  const [confirming, setConfirming] = useState(false);
  const editRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);

  useEffect(() => {
    if (editing === null && refocus.current) {
      refocus.current = false;
      editRef.current?.focus();
    }
  }, [editing]);

  const closeForm = () => {
    refocus.current = true;
    setEditing(null);
  };

  if (editing) {
    return (
      <div className="form-panel">
        <MeetingForm
          plan={plan}
          meeting={meeting}
          autoFocus={editing === 'clicked'}
          onSent={(saved) => {
            queryClient.setQueryData(meetingKeys.one(plan.id, meeting.id), saved);
            void refreshMeetings(queryClient, plan.id);
            onStatus(t('editSaved'));
            closeForm();
          }}
          onCancel={closeForm}
        />
      </div>
    );
  }

  return (
    <>
      <div className="actions no-print">
        <Button
          ref={editRef}
          type="button"
          variant="secondary"
          onClick={() => {
            onStatus('');
            setEditing('clicked');
          }}
        >
          {t('edit')}
        </Button>
        <Button
          ref={cancelRef}
          type="button"
          variant="tertiary"
          onClick={() => {
            onStatus('');
            setConfirming(true);
          }}
        >
          {t('cancel')}
        </Button>
      </div>
      <CancelDialog
        plan={plan}
        meeting={meeting}
        open={confirming}
        onClose={(done) => {
          setConfirming(false);
          // Cancelled: the notice that says so takes the focus (these buttons are gone).
          if (done) onCancelled();
          else cancelRef.current?.focus();
        }}
      />
    </>
  );
}

/** "Avlyse møtet?": the safe choice has focus; Escape or "Nei" keeps the meeting. */
function CancelDialog({
  plan,
  meeting,
  open,
  onClose,
}: {
  plan: Plan;
  meeting: Meeting;
  open: boolean;
  onClose: (done: boolean) => void;
}) {
  const { t } = useTranslation('meetings');
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const headingId = useId();
  const textId = useId();
  const keepRef = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    setProblem(null);
    // After showModal() has put focus in the dialog.
    const frame = requestAnimationFrame(() => keepRef.current?.focus());
    return () => cancelAnimationFrame(frame);
  }, [open]);

  const cancel = async () => {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    try {
      const saved = await meetingsApi.cancel(plan.id, meeting.id, meeting.version);
      // Closed first: the meeting then shows as cancelled, without these actions.
      onClose(true);
      queryClient.setQueryData(meetingKeys.one(plan.id, meeting.id), saved);
      void refreshMeetings(queryClient, plan.id);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        // Changed or cancelled by someone else meanwhile: show it as it is now.
        void refreshMeetings(queryClient, plan.id);
      }
      setProblem(error instanceof ApiError ? t('cancelFailed') : problemText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={() => onClose(false)}
      closeButton={false}
      aria-labelledby={headingId}
      aria-describedby={textId}
    >
      <Dialog.Block>
        <Heading level={2} data-size="sm" id={headingId}>
          {t('cancelHeading', { title: meeting.title })}
        </Heading>
        <Paragraph id={textId}>{t('cancelConfirm')}</Paragraph>
        {problem ? (
          <Paragraph role="alert" className="dialog-problem">
            {problem}
          </Paragraph>
        ) : null}
      </Dialog.Block>
      <Dialog.Block>
        <div className="actions">
          <Button data-color="danger" onClick={() => void cancel()} loading={busy}>
            {t('cancelYes')}
          </Button>
          <Button ref={keepRef} variant="secondary" onClick={() => onClose(false)}>
            {t('cancelNo')}
          </Button>
        </div>
      </Dialog.Block>
    </Dialog>
  );
}
