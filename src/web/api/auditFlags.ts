import { type QueryClient, useInfiniteQuery } from '@tanstack/react-query';
import type {
  AuditFlagListView,
  AuditFlagView,
  ReviewAuditFlagInput,
} from '../../shared/schemas/audit-flags.ts';
import { api } from './client.ts';

/**
 * Flags of unusual reading (SECURITY.md L6) for the organisation's administrators: the
 * open ones, newest first, and marking one reviewed.
 */

export type AuditFlag = AuditFlagView;

export const auditFlagKeys = { open: ['audit-flags', 'open'] as const };

const PAGE = 50;

export const auditFlagsApi = {
  open: (before: string | null, signal?: AbortSignal) =>
    api.get<AuditFlagListView>(
      `/api/admin/audit-flags?limit=${PAGE}${before ? `&before=${encodeURIComponent(before)}` : ''}`,
      signal,
    ),
  review: (flagId: string, body: NonNullable<ReviewAuditFlagInput>) =>
    api.post<AuditFlag>(`/api/admin/audit-flags/${encodeURIComponent(flagId)}/review`, body),
};

export function useOpenAuditFlags() {
  return useInfiniteQuery({
    queryKey: auditFlagKeys.open,
    queryFn: ({ pageParam, signal }) => auditFlagsApi.open(pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
  });
}

export function refreshAuditFlags(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: auditFlagKeys.open });
}
