import {
  Alert,
  Button,
  Heading,
  Link,
  Paragraph,
  Spinner,
  Textfield,
} from '@digdir/designsystemet-react';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { lastSearchKey, peopleApi } from '../api/people.ts';
import { useProblemText } from '../components/forms.tsx';
import { RequireLogin } from '../components/RequireLogin.tsx';
import { StatusTag } from '../components/StatusTag.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';

export default function PeoplePage() {
  const { t } = useTranslation();
  usePageTitle(t('people.searchTitle'));
  return <RequireLogin staffOnly>{() => <Search />}</RequireLogin>;
}

/**
 * Search by name or national id. The search text stays in memory (the query cache), never
 * in the address: a fødselsnummer must not end up in the browser history.
 */
function Search() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const id = useId();
  const [text, setText] = useState(() => queryClient.getQueryData<string>(lastSearchKey) ?? '');
  const [query, setQuery] = useState(text.trim());
  const [error, setError] = useState<string | undefined>(undefined);

  const results = useInfiniteQuery({
    queryKey: ['people', 'search', query],
    queryFn: ({ pageParam, signal }) => peopleApi.search(query, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
    enabled: query !== '',
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = text.trim();
    if (!value) {
      setError(t('people.searchMissing'));
      return;
    }
    setError(undefined);
    queryClient.setQueryData(lastSearchKey, value);
    if (value === query) void results.refetch();
    setQuery(value);
  };

  const items = results.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="page page-wide">
      <Heading level={1} data-size="lg">
        {t('people.searchTitle')}
      </Heading>
      <Paragraph>
        <Link asChild>
          <RouterLink to="/personer/ny">{t('people.registerLink')}</RouterLink>
        </Link>
      </Paragraph>
      <search>
        <form className="search-form" noValidate onSubmit={submit}>
          <Textfield
            id={`${id}-query`}
            label={t('people.searchLabel')}
            type="search"
            autoComplete="off"
            value={text}
            onChange={(e) => setText(e.target.value)}
            error={error}
          />
          <Button type="submit">{t('people.searchButton')}</Button>
        </form>
      </search>
      <div className="search-results">
        {/* Always in the page, so the number of hits is read out when it changes. */}
        <p role="status" className={results.isSuccess ? 'search-count' : 'ds-sr-only'}>
          {results.isSuccess
            ? items.length === 0
              ? t('people.noHits')
              : t('people.hits', { count: items.length })
            : ''}
        </p>
        {query === '' ? null : results.isPending ? (
          <Spinner aria-label={t('layout.loading')} />
        ) : results.isError ? (
          <Alert data-color="warning">
            <Paragraph>{problemText(results.error)}</Paragraph>
          </Alert>
        ) : items.length === 0 ? null : (
          <>
            <ul className="person-list">
              {items.map((person) => (
                <li key={person.id}>
                  <Link asChild>
                    <RouterLink to={`/personer/${encodeURIComponent(person.id)}`}>
                      {person.name}
                    </RouterLink>
                  </Link>
                  <span className="person-meta">
                    <span>
                      <span className="ds-sr-only">{t('people.colUsername')}: </span>
                      <span className="username">{person.username}</span>
                    </span>
                    <StatusTag status={person.status} />
                  </span>
                </li>
              ))}
            </ul>
            {results.hasNextPage ? (
              <div className="actions">
                <Button
                  variant="secondary"
                  loading={results.isFetchingNextPage}
                  onClick={() => void results.fetchNextPage()}
                >
                  {t('people.more')}
                </Button>
              </div>
            ) : null}
          </>
        )}
      </div>
    </div>
  );
}
