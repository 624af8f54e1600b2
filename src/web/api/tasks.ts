import { type QueryClient, useQuery } from '@tanstack/react-query';
import type { CreateTaskInput, PatchTaskInput, TaskData } from '../../shared/schemas/tasks.ts';
import { api } from './client.ts';

/**
 * Tasks (API.md, "Tasks"): a plan's tasks and the person's own across plans. Light: the
 * plan overview on the front page shows the person's open tasks.
 */

export type Task = TaskData;
export type MyTask = Task & { plan: { id: string; title: string } };
export type NewTask = CreateTaskInput;
export type TaskChanges = PatchTaskInput;
export type TaskFilter = 'open' | 'done' | 'all';

export const taskKeys = {
  plan: (planId: string) => ['plans', planId, 'tasks'] as const,
  list: (planId: string, status: TaskFilter) => ['plans', planId, 'tasks', status] as const,
  mine: ['tasks', 'mine'] as const,
};

const enc = encodeURIComponent;
const tasksPath = (planId: string) => `/api/plans/${enc(planId)}/tasks`;

export const tasksApi = {
  list: (planId: string, status: TaskFilter, signal?: AbortSignal) =>
    api.get<{ items: Task[]; next: string | null }>(
      `${tasksPath(planId)}?status=${status}&limit=200`,
      signal,
    ),
  create: (planId: string, body: NewTask) => api.post<Task>(tasksPath(planId), body),
  update: (planId: string, taskId: string, body: TaskChanges) =>
    api.patch<Task>(`${tasksPath(planId)}/${enc(taskId)}`, body),
  mine: (signal?: AbortSignal) =>
    api.get<{ items: MyTask[]; next: string | null }>(
      '/api/me/tasks?status=open&limit=200',
      signal,
    ),
};

export function usePlanTasks(planId: string, status: TaskFilter, enabled = true) {
  return useQuery({
    queryKey: taskKeys.list(planId, status),
    queryFn: ({ signal }) => tasksApi.list(planId, status, signal),
    select: (page) => page.items,
    enabled,
  });
}

/** The person's open tasks across all plans. */
export function useMyTasks(enabled = true) {
  return useQuery({
    queryKey: taskKeys.mine,
    queryFn: ({ signal }) => tasksApi.mine(signal),
    select: (page) => page.items,
    enabled,
  });
}

export function refreshTasks(queryClient: QueryClient, planId: string): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: taskKeys.plan(planId) }),
    queryClient.invalidateQueries({ queryKey: taskKeys.mine }),
  ]);
}
