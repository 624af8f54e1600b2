import { Button } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { maskNationalId } from './format.ts';

/** A national id shown as its first six digits, with a button that shows the rest (Z11). */
export function NationalIdValue({ value }: { value: string }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);

  return (
    <span className="national-id">
      {shown ? (
        <span className="digits">{value}</span>
      ) : (
        <span className="digits">
          <span aria-hidden="true">{maskNationalId(value)}</span>
          <span className="ds-sr-only">
            {value.slice(0, 6)}, {t('profile.hiddenDigits')}
          </span>
        </span>
      )}
      <Button data-size="sm" variant="tertiary" onClick={() => setShown(!shown)}>
        {shown ? t('profile.hide') : t('profile.show')}
        <span className="ds-sr-only">
          {' '}
          {shown ? t('profile.hideSuffix') : t('profile.showSuffix')}
        </span>
      </Button>
    </span>
  );
}
