import { Button } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { isLanguage, type Language, languageNames, languages, setLanguage } from '../i18n/index.ts';

export function LanguagePicker() {
  const { t, i18n } = useTranslation();
  const current: Language = isLanguage(i18n.language) ? i18n.language : 'nb';

  return (
    <fieldset className="language-picker">
      <legend className="ds-sr-only">{t('layout.language')}</legend>
      {languages.map((language) => (
        <Button
          key={language}
          data-size="sm"
          variant={language === current ? 'secondary' : 'tertiary'}
          aria-pressed={language === current}
          lang={language}
          onClick={() => {
            setLanguage(language).catch(() => {
              // Could not load the language (offline?): keep the current one.
            });
          }}
        >
          {languageNames[language]}
        </Button>
      ))}
    </fieldset>
  );
}
