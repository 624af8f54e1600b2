import { type QueryClient, useQuery } from '@tanstack/react-query';
import type { DocumentData } from '../../shared/schemas/documents.ts';
import { ApiError, api, type Problem } from './client.ts';

/** Documents shared in a plan (API.md, "Documents"): list, upload, download, delete. */

export type PlanDocument = DocumentData;

export const documentKeys = {
  plan: (planId: string) => ['plans', planId, 'documents'] as const,
};

const enc = encodeURIComponent;
const documentsPath = (planId: string) => `/api/plans/${enc(planId)}/documents`;

/** Where a document is downloaded (always as an attachment). */
export const documentContentPath = (planId: string, documentId: string) =>
  `${documentsPath(planId)}/${enc(documentId)}/content`;

async function problemOf(response: Response): Promise<ApiError> {
  const fallback: Problem = {
    type: 'about:blank',
    title: response.statusText || 'Request failed',
    status: response.status,
  };
  const type = response.headers.get('content-type') ?? '';
  if (!/json/i.test(type)) return new ApiError(fallback);
  const body = (await response.json().catch(() => null)) as Partial<Problem> | null;
  return new ApiError(
    body && typeof body.title === 'string'
      ? { ...fallback, ...body, status: response.status }
      : fallback,
  );
}

export const documentsApi = {
  list: (planId: string, signal?: AbortSignal) =>
    api.get<{ items: PlanDocument[]; next: string | null }>(
      `${documentsPath(planId)}?limit=200`,
      signal,
    ),
  /** multipart/form-data with the one field `file`. */
  upload: async (planId: string, file: File): Promise<PlanDocument> => {
    const form = new FormData();
    form.append('file', file, file.name);
    const response = await fetch(documentsPath(planId), {
      method: 'POST',
      body: form,
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    });
    if (!response.ok) throw await problemOf(response);
    return (await response.json()) as PlanDocument;
  },
  remove: (planId: string, documentId: string) =>
    api.delete(`${documentsPath(planId)}/${enc(documentId)}`),
};

export function usePlanDocuments(planId: string) {
  return useQuery({
    queryKey: documentKeys.plan(planId),
    queryFn: ({ signal }) => documentsApi.list(planId, signal),
    select: (page) => page.items,
  });
}

export function refreshDocuments(queryClient: QueryClient, planId: string): Promise<unknown> {
  return queryClient.invalidateQueries({ queryKey: documentKeys.plan(planId) });
}
