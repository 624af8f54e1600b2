import { useQuery } from '@tanstack/react-query';
import { ApiError, api } from './client.ts';

/** The logged-in user, as `GET /api/me` returns it. */
export type Me = {
  id: string;
  name: string;
  roles: string[];
  organizations: { id: string; name: string }[];
  authMethod: string;
};

async function fetchMe(signal: AbortSignal): Promise<Me | null> {
  try {
    return await api.get<Me>('/api/me', signal);
  } catch (error) {
    // 401: no session. 404: the endpoint is not there (yet). Both mean "not logged in".
    if (error instanceof ApiError && (error.status === 401 || error.status === 404)) return null;
    throw error;
  }
}

/** `data` is the user, `null` when not logged in, `undefined` while loading or on error. */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: ({ signal }) => fetchMe(signal),
    staleTime: 5 * 60_000,
  });
}
