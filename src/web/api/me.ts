import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Me } from '../../shared/schemas/auth.ts';
import { ApiError, api } from './client.ts';

export type { Me };

export const meKey = ['me'] as const;

async function fetchMe(signal: AbortSignal): Promise<Me | null> {
  try {
    return await api.get<Me>('/api/me', signal);
  } catch (error) {
    // 401: no session. 404: the endpoint is not there (yet). Both mean "not logged in".
    if (error instanceof ApiError && (error.status === 401 || error.status === 404)) return null;
    throw error;
  }
}

export const meQuery = queryOptions({
  queryKey: meKey,
  queryFn: ({ signal }) => fetchMe(signal),
  staleTime: 5 * 60_000,
});

/** `data` is the user, `null` when not logged in, `undefined` while loading or on error. */
export function useMe() {
  return useQuery(meQuery);
}

/** Staff who register and look up people (API: coordinator and org_admin). */
export function mayAdministerPeople(me: Me | null | undefined): boolean {
  return !!me && me.roles.some((role) => role === 'coordinator' || role === 'org_admin');
}

/** Coordinators create plans (API: POST /api/plans is for coordinators only). */
export function mayCreatePlans(me: Me | null | undefined): boolean {
  return !!me && me.roles.includes('coordinator');
}

/** Organisation administrators review flags of unusual reading (API: org_admin only). */
export function mayReviewAuditFlags(me: Me | null | undefined): boolean {
  return !!me && me.roles.includes('org_admin');
}
