import { Checkbox, Fieldset, Paragraph, ValidationMessage } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import type { Participant } from '../../api/plans.ts';
import { functionLine } from '../plan/labels.ts';

/**
 * "Hvem inviteres?": a checkbox for each team member who may be invited — on a call-in, and
 * when who is invited to a meeting is changed.
 */
export function InviteePicker({
  id,
  options,
  picked,
  error,
  description,
  onChange,
}: {
  /** The first checkbox's id, for the error summary's link. */
  id: string;
  options: Participant[];
  picked: string[];
  error: string | undefined;
  /** What choosing does, under the legend. */
  description?: string;
  onChange: (picked: string[]) => void;
}) {
  const { t } = useTranslation('meetings');
  return (
    <Fieldset>
      <Fieldset.Legend>{t('form.invitees')}</Fieldset.Legend>
      {description ? <Fieldset.Description>{description}</Fieldset.Description> : null}
      {options.length === 0 ? (
        <Paragraph className="muted">{t('form.nobody')}</Paragraph>
      ) : (
        options.map((option, index) => (
          <Checkbox
            key={option.id}
            id={index === 0 ? id : undefined}
            label={option.name}
            description={functionLine(option) || undefined}
            value={option.id}
            checked={picked.includes(option.id)}
            onChange={(e) =>
              onChange(
                e.target.checked
                  ? [...picked, option.id]
                  : picked.filter((value) => value !== option.id),
              )
            }
          />
        ))
      )}
      {error ? <ValidationMessage>{error}</ValidationMessage> : null}
    </Fieldset>
  );
}
