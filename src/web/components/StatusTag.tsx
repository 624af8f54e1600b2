import { Tag } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import type { PersonStatus } from '../api/people.ts';

/** An account's status: invited (not yet taken into use), active or deactivated. */
export function StatusTag({ status }: { status: PersonStatus }) {
  const { t } = useTranslation();
  const text = {
    invited: t('people.statusInvited'),
    active: t('people.statusActive'),
    deactivated: t('people.statusDeactivated'),
  }[status];
  const color = { invited: 'info', active: 'success', deactivated: 'neutral' } as const;
  return (
    <Tag data-color={color[status]} data-size="sm">
      {text}
    </Tag>
  );
}
