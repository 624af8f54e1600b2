import type {
  PersonListView,
  PersonView,
  RegisteredPersonView,
} from '../../shared/schemas/people.ts';
import { api } from './client.ts';

export { notificationsKey } from './notifications.ts';

// Types only: the schemas module pulls in zod and libphonenumber, which stay out of the bundle.
export type Person = PersonView;
export type RegisteredPerson = RegisteredPersonView;
export type PersonList = PersonListView;
export type NotifyChannel = Person['notifyChannel'];
export type CodeChannel = Person['codeChannel'];
export type PersonLanguage = Person['language'];
export type PersonStatus = Person['status'];

export const personLanguages: readonly PersonLanguage[] = ['nb', 'nn', 'en'];

export type NewPerson = {
  name: string;
  nationalId: string;
  mobile?: string;
  email?: string;
  codeChannel?: CodeChannel;
  language?: PersonLanguage;
};

export type PersonChanges = Partial<Pick<Person, 'mobile' | 'email' | 'language'>> & {
  version: number;
};

const personPath = (id: string) => `/api/people/${encodeURIComponent(id)}`;

export const peopleApi = {
  register: (body: NewPerson) => api.post<RegisteredPerson>('/api/people', body),
  read: (id: string, signal?: AbortSignal) => api.get<Person>(personPath(id), signal),
  update: (id: string, changes: PersonChanges) => api.patch<Person>(personPath(id), changes),
  search: (query: string, before: string | null, signal?: AbortSignal) => {
    const params = new URLSearchParams({ query });
    if (before) params.set('before', before);
    return api.get<PersonList>(`/api/people?${params}`, signal);
  },
  reinvite: (id: string) => api.post<void>(`${personPath(id)}/invitation`),
  deactivate: (id: string) => api.post<Person>(`${personPath(id)}/deactivate`),
};

export const personKey = (id: string) => ['people', 'person', id] as const;
/** The last search on /personer, kept in the query cache (memory only, cleared at logout). */
export const lastSearchKey = ['people', 'last-search'] as const;
