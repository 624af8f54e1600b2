import {
  Alert,
  Button,
  Fieldset,
  Paragraph,
  Spinner,
  Textfield,
  ValidationMessage,
} from '@digdir/designsystemet-react';
import { useQuery } from '@tanstack/react-query';
import { type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type PersonList, peopleApi } from '../../api/people.ts';
import { useProblemText } from '../forms.tsx';

export type PickedPerson = Pick<PersonList['items'][number], 'id' | 'name' | 'username'>;

type Props = {
  /** The id of the search field (the error summary links to it). */
  id: string;
  legend: string;
  description?: ReactNode;
  selected: PickedPerson | null;
  onSelect: (person: PickedPerson | null) => void;
  error?: string;
  /** People who cannot be chosen (already in the team), with the reason shown. */
  unavailable?: Map<string, string>;
};

/**
 * Choose a registered person by searching for a name or a national id. Part of a larger
 * form: the search runs on the button or Enter without submitting that form, and the
 * search text stays in memory only (never in the address).
 */
export function PersonPicker({
  id,
  legend,
  description,
  selected,
  onSelect,
  error,
  unavailable,
}: Props) {
  const { t } = useTranslation();
  const problemText = useProblemText();
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [missing, setMissing] = useState(false);
  const pickedRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const choosing = useRef(false);

  const results = useQuery({
    queryKey: ['people', 'search', query, 'picker'],
    queryFn: ({ signal }) => peopleApi.search(query, null, signal),
    enabled: query !== '',
  });

  // After choosing, focus goes to the choice; after "choose another", back to the search.
  useEffect(() => {
    if (!choosing.current) return;
    choosing.current = false;
    if (selected) pickedRef.current?.focus();
    else searchRef.current?.focus();
  }, [selected]);

  const search = () => {
    const value = text.trim();
    setMissing(!value);
    if (!value) return;
    if (value === query) void results.refetch();
    setQuery(value);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      search();
    }
  };

  const choose = (person: PickedPerson | null) => {
    choosing.current = true;
    onSelect(person);
  };

  const items = results.data?.items ?? [];

  return (
    <Fieldset className="person-picker">
      <Fieldset.Legend>{legend}</Fieldset.Legend>
      {description ? <Fieldset.Description>{description}</Fieldset.Description> : null}
      {selected ? (
        <div className="picked" ref={pickedRef} tabIndex={-1}>
          <Paragraph>
            <span className="ds-sr-only">{t('plan.picker.chosen')} </span>
            <strong>{selected.name}</strong>{' '}
            <span className="muted username">({selected.username})</span>
          </Paragraph>
          <Button type="button" variant="tertiary" data-size="sm" onClick={() => choose(null)}>
            {t('plan.picker.another')}
          </Button>
        </div>
      ) : (
        <>
          <div className="search-form">
            <Textfield
              id={id}
              ref={searchRef}
              label={t('plan.picker.search')}
              type="search"
              autoComplete="off"
              value={text}
              onChange={(e) => setText(e.target.value)}
              onKeyDown={onKeyDown}
              error={missing ? t('plan.picker.searchMissing') : undefined}
            />
            <Button type="button" variant="secondary" onClick={search}>
              {t('plan.picker.searchButton')}
            </Button>
          </div>
          <p role="status" className={results.isSuccess ? 'search-count' : 'ds-sr-only'}>
            {results.isSuccess
              ? items.length === 0
                ? t('people.noHits')
                : t('people.hits', { count: items.length })
              : ''}
          </p>
          {query === '' ? null : results.isPending ? (
            <Spinner aria-label={t('layout.loading')} data-size="sm" />
          ) : results.isError ? (
            <Alert data-color="warning">
              <Paragraph>{problemText(results.error)}</Paragraph>
            </Alert>
          ) : items.length > 0 ? (
            <ul className="person-list">
              {items.map((person) => {
                const reason = unavailable?.get(person.id);
                return (
                  <li key={person.id}>
                    <span>
                      <strong>{person.name}</strong>{' '}
                      <span className="muted username">({person.username})</span>
                    </span>
                    {reason ? (
                      <span className="muted">{reason}</span>
                    ) : (
                      <Button
                        type="button"
                        variant="secondary"
                        data-size="sm"
                        onClick={() => choose(person)}
                      >
                        {t('plan.picker.choose')}
                        <span className="ds-sr-only"> {person.name}</span>
                      </Button>
                    )}
                  </li>
                );
              })}
            </ul>
          ) : null}
        </>
      )}
      {error ? <ValidationMessage>{error}</ValidationMessage> : null}
    </Fieldset>
  );
}
