import { queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import {
  type AccessMap,
  DEFAULT_ACCESS,
  type Level,
  type ParticipantRole,
  type PlanStatus,
  type PlanType,
  SECTIONS,
  type Section,
} from '../../shared/plan-access.ts';
import type { ConsentRequestView } from '../../shared/schemas/plans.ts';
import { ApiError, api } from './client.ts';

/**
 * The plan API as the web app uses it (API.md, "Plans"). What the caller may see and do
 * comes from the server: `myAccess` per section on the plan. The UI shows and hides by it
 * and never decides access itself; the server answers 403 or 404 whatever the UI shows.
 */

export {
  type AccessMap,
  type Level,
  type PlanStatus,
  type PlanType,
  SECTIONS,
  type Section,
} from '../../shared/plan-access.ts';
export type PlanRole = ParticipantRole;

export const PLAN_ROLES: readonly PlanRole[] = [
  'owner',
  'guardian',
  'relative',
  'coordinator',
  'professional',
];
export const LEVELS: readonly Level[] = ['none', 'read', 'write'];

/** Sections a plan of type `simple` (enkelt samspill) has; an `ip` has them all. */
const SIMPLE_SECTIONS: readonly Section[] = ['messages', 'meetings', 'tasks', 'documents'];

export function sectionsOf(type: PlanType): readonly Section[] {
  return type === 'ip' ? SECTIONS : SIMPLE_SECTIONS;
}

/** The content sections with a list of items (`/api/plans/:planId/<path>`). */
export type ItemSection =
  | 'goals'
  | 'measures'
  | 'evaluations'
  | 'log'
  | 'contributions'
  | 'cooperation';

/** The address of each plan page under /planer/:planId. */
export const SECTION_ROUTES = {
  aboutMe: 'om-meg',
  goals: 'mal',
  measures: 'tiltak',
  evaluations: 'evalueringer',
  log: 'logg',
  contributions: 'bidrag',
  cooperation: 'samarbeid',
  consents: 'samtykker',
} as const satisfies Partial<Record<Section, string>>;

/**
 * The access a new participant starts with, by role: only a preset for the form (the
 * coordinator sees and changes every cell before saving, and the whole map is sent).
 * The server's defaults in src/server/access/plans.ts decide when no map is sent.
 */
/** The server's default access by role (one source: src/shared/plan-access.ts). */
export const ACCESS_PRESETS: Record<PlanRole, Record<Section, Level>> = DEFAULT_ACCESS;

export type Ref = { id: string; name: string };

export type PlanSummary = {
  id: string;
  type: PlanType;
  title: string;
  status: PlanStatus;
  myRole: PlanRole | null;
  owner: Ref;
  coordinator: Ref;
  updatedAt: string;
};

export type Page<T> = { items: T[]; next: string | null };

export type Period = { start: string | null; end: string | null; nextRevision: string | null };

export type Plan = {
  id: string;
  type: PlanType;
  title: string;
  status: PlanStatus;
  owner: Ref;
  coordinator: Ref;
  period: Period;
  myAccess: Record<Section, Level>;
  myRole: PlanRole | null;
  version: number;
};

export type PlanChanges = {
  version: number;
  title?: string;
  status?: PlanStatus;
  type?: PlanType;
  period?: Partial<Period>;
};

export type NewPlan = { type: PlanType; ownerId: string; title: string; coordinatorId?: string };

export type Participant = {
  id: string;
  personId: string;
  name: string;
  role: PlanRole;
  functionTitle: string | null;
  organizationName: string | null;
  responsibility: string | null;
  /** The granted level per section; null on others' rows for those who do not decide it. */
  access: AccessMap | null;
  validUntil: string | null;
  active: boolean;
  version: number;
};

export type ParticipantInput = {
  role: PlanRole;
  access?: AccessMap;
  validUntil?: string | null;
  functionTitle?: string | null;
  organizationName?: string | null;
  responsibility?: string | null;
};

export type ConsentKind = 'plan' | 'sharing';
export type ConsentMethod = 'digital' | 'paper';

export type Consent = {
  id: string;
  kind: ConsentKind;
  /** The person who gave it (the owner or a guardian). */
  givenBy: Ref | string;
  method: ConsentMethod;
  participantId: string | null;
  givenOn: string;
  recordedBy?: Ref | string | null;
  createdAt?: string;
  withdrawnAt: string | null;
  text?: string | null;
  consentText?: string | null;
};

export type NewConsent = {
  kind: ConsentKind;
  givenBy: string;
  method: ConsentMethod;
  participantId?: string;
  givenOn?: string;
};

/** A draft that waits for the caller's consent (the owner, or a guardian). */
export type ConsentRequest = ConsentRequestView;

/** What every section item carries besides its own fields. */
export type ItemMeta = {
  id: string;
  version: number;
  createdBy: Ref | null;
  createdAt: string;
  updatedBy?: Ref | null;
  updatedAt?: string | null;
};

export type Goal = ItemMeta & {
  title: string;
  description?: string | null;
  parentId?: string | null;
  targetDate?: string | null;
  status?: string | null;
};

export type Measure = ItemMeta & {
  title: string;
  description?: string | null;
  goalIds?: string[] | null;
  responsibleParticipantId?: string | null;
  scope?: string | null;
  howCarriedOut?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  status?: string | null;
};

export type Evaluation = ItemMeta & {
  goalId?: string | null;
  measureId?: string | null;
  text: string;
  assessment?: string | null;
  date?: string | null;
};

export type LogEntry = ItemMeta & { text: string; measureId?: string | null };
export type Contribution = ItemMeta & { text: string; byParticipantId?: string | null };
export type Cooperation = ItemMeta & { text: string; service?: string | null };

export type ItemOf = {
  goals: Goal;
  measures: Measure;
  evaluations: Evaluation;
  log: LogEntry;
  contributions: Contribution;
  cooperation: Cooperation;
};
export type AnyItem = ItemOf[ItemSection];

export type AboutMe = {
  whatMattersToMe: string | null;
  myResources: string | null;
  myNeeds: string | null;
  background: string | null;
  version: number;
  updatedBy?: Ref | null;
  updatedAt?: string | null;
};
export type AboutMeField = 'whatMattersToMe' | 'myResources' | 'myNeeds' | 'background';
export const ABOUT_ME_FIELDS: readonly AboutMeField[] = [
  'whatMattersToMe',
  'myResources',
  'myNeeds',
  'background',
];

export type AccessLogEntry = {
  at: string;
  actor: {
    name: string;
    role?: string | null;
    functionTitle?: string | null;
    organizationName?: string | null;
  };
  action: string;
  section: string | null;
  objectId?: string | null;
};

const enc = encodeURIComponent;
const planPath = (planId: string) => `/api/plans/${enc(planId)}`;

function withQuery(path: string, params: Record<string, string | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** How many items a section list asks for at a time. */
export const PAGE_SIZE: Record<ItemSection, number> = {
  goals: 200,
  measures: 200,
  contributions: 200,
  cooperation: 200,
  evaluations: 50,
  log: 50,
};

export const plansApi = {
  list: (before: string | null, signal?: AbortSignal) =>
    api.get<Page<PlanSummary>>(withQuery('/api/plans', { before }), signal),
  create: (body: NewPlan) => api.post<Plan>('/api/plans', body),
  read: (planId: string, signal?: AbortSignal) => api.get<Plan>(planPath(planId), signal),
  update: (planId: string, changes: PlanChanges) => api.patch<Plan>(planPath(planId), changes),

  participants: (planId: string, signal?: AbortSignal) =>
    api.get<Page<Participant>>(`${planPath(planId)}/participants`, signal),
  addParticipant: (planId: string, body: ParticipantInput & { personId: string }) =>
    api.post<Participant>(`${planPath(planId)}/participants`, body),
  updateParticipant: (
    planId: string,
    participantId: string,
    body: Partial<ParticipantInput> & { version?: number },
  ) => api.patch<Participant>(`${planPath(planId)}/participants/${enc(participantId)}`, body),
  removeParticipant: (planId: string, participantId: string) =>
    api.delete(`${planPath(planId)}/participants/${enc(participantId)}`),

  consents: (planId: string, signal?: AbortSignal) =>
    api.get<Page<Consent>>(`${planPath(planId)}/consents`, signal),
  addConsent: (planId: string, body: NewConsent) =>
    api.post<Consent>(`${planPath(planId)}/consents`, body),
  withdrawConsent: (planId: string, consentId: string) =>
    api.post<Consent>(`${planPath(planId)}/consents/${enc(consentId)}/withdraw`),

  items: <S extends ItemSection>(
    planId: string,
    section: S,
    before: string | null,
    signal?: AbortSignal,
  ) =>
    api.get<Page<ItemOf[S]>>(
      withQuery(`${planPath(planId)}/${section}`, {
        limit: String(PAGE_SIZE[section]),
        before,
      }),
      signal,
    ),
  item: <S extends ItemSection>(planId: string, section: S, itemId: string, signal?: AbortSignal) =>
    api.get<ItemOf[S]>(`${planPath(planId)}/${section}/${enc(itemId)}`, signal),
  addItem: <S extends ItemSection>(planId: string, section: S, body: Record<string, unknown>) =>
    api.post<ItemOf[S]>(`${planPath(planId)}/${section}`, body),
  updateItem: <S extends ItemSection>(
    planId: string,
    section: S,
    itemId: string,
    body: Record<string, unknown>,
  ) => api.patch<ItemOf[S]>(`${planPath(planId)}/${section}/${enc(itemId)}`, body),
  deleteItem: (planId: string, section: ItemSection, itemId: string) =>
    api.delete(`${planPath(planId)}/${section}/${enc(itemId)}`),

  aboutMe: (planId: string, signal?: AbortSignal) =>
    api.get<AboutMe>(`${planPath(planId)}/about-me`, signal),
  saveAboutMe: (
    planId: string,
    body: Partial<Record<AboutMeField, string>> & { version: number },
  ) => api.put<AboutMe>(`${planPath(planId)}/about-me`, body),

  accessLog: (planId: string, before: string | null, signal?: AbortSignal) =>
    api.get<Page<AccessLogEntry>>(withQuery(`${planPath(planId)}/access-log`, { before }), signal),

  consentRequests: (signal?: AbortSignal) =>
    api.get<{ items: ConsentRequest[] }>('/api/me/consent-requests', signal),
};

export const planKeys = {
  all: ['plans'] as const,
  list: ['plans', 'list'] as const,
  plan: (planId: string) => ['plans', 'plan', planId] as const,
  participants: (planId: string) => ['plans', 'plan', planId, 'participants'] as const,
  consents: (planId: string) => ['plans', 'plan', planId, 'consents'] as const,
  section: (planId: string, section: ItemSection) =>
    ['plans', 'plan', planId, 'section', section] as const,
  aboutMe: (planId: string) => ['plans', 'plan', planId, 'about-me'] as const,
  accessLog: (planId: string) => ['plans', 'plan', planId, 'access-log'] as const,
  consentRequests: ['plans', 'consent-requests'] as const,
};

export const planQuery = (planId: string) =>
  queryOptions({
    queryKey: planKeys.plan(planId),
    queryFn: ({ signal }) => plansApi.read(planId, signal),
  });

/** The plans the person takes part in or coordinates, a page at a time. */
export function usePlans() {
  return useInfiniteQuery({
    queryKey: planKeys.list,
    queryFn: ({ pageParam, signal }) => plansApi.list(pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
  });
}

/** Drafts that wait for the person's consent; staff rarely have any, so it is cheap. */
export function useConsentRequests() {
  return useQuery({
    queryKey: planKeys.consentRequests,
    queryFn: ({ signal }) => plansApi.consentRequests(signal),
    select: (page) => page.items,
  });
}

export function usePlan(planId: string) {
  return useQuery(planQuery(planId));
}

export function useParticipants(planId: string) {
  return useQuery({
    queryKey: planKeys.participants(planId),
    queryFn: ({ signal }) => plansApi.participants(planId, signal),
    select: (page) => page.items,
  });
}

/** Every item of a section that is small enough to read whole (goals, measures). */
export function useAllItems<S extends ItemSection>(planId: string, section: S, enabled: boolean) {
  return useQuery({
    queryKey: [...planKeys.section(planId, section), 'all'],
    queryFn: ({ signal }) => plansApi.items(planId, section, null, signal),
    select: (page) => page.items,
    enabled,
  });
}

export const canRead = (level: Level | undefined) => level === 'read' || level === 'write';
export const canWrite = (level: Level | undefined) => level === 'write';

/**
 * The plan-level actions that `myAccess` does not cover, for showing buttons only (the
 * server decides): the coordinator runs the plan and its team; the owner and a guardian
 * act for the owner (consent, access log, access for others).
 */
export function planAbilities(plan: Pick<Plan, 'myRole' | 'status'>) {
  const coordinator = plan.myRole === 'coordinator';
  const ownerSide = plan.myRole === 'owner' || plan.myRole === 'guardian';
  const open = plan.status !== 'closed';
  return {
    updatePlan: coordinator && open,
    manageTeam: coordinator && open,
    changeAccess: (coordinator || ownerSide) && open,
    giveConsent: ownerSide && open,
    recordPaperConsent: coordinator && open,
    readAccessLog: coordinator || ownerSide,
  };
}

export const isStatus = (error: unknown, status: number) =>
  error instanceof ApiError && error.status === status;

/** A person named in a record: an object from the API, or just a name or id. */
export function nameOf(value: Ref | string | null | undefined): string {
  if (!value) return '';
  return typeof value === 'string' ? value : value.name;
}

/** Whether a participant's access has ended by its date (the server's `active` wins). */
export function accessEnded(participant: Pick<Participant, 'active' | 'validUntil'>): boolean {
  if (!participant.active) return true;
  return participant.validUntil !== null && Date.parse(participant.validUntil) <= Date.now();
}
