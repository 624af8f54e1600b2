/**
 * What a plan's access is made of — sections, levels, roles and the default access of
 * each role — as plain data shared by the server's access module and the web app.
 */
export const SECTIONS = [
  'aboutMe',
  'goals',
  'measures',
  'contributions',
  'evaluations',
  'log',
  'consents',
  'cooperation',
  'messages',
  'meetings',
  'tasks',
  'documents',
] as const;
export type Section = (typeof SECTIONS)[number];
export type Level = 'none' | 'read' | 'write';
export type ParticipantRole = 'owner' | 'guardian' | 'relative' | 'coordinator' | 'professional';
export type PlanType = 'ip' | 'simple';
export type PlanStatus = 'draft' | 'active' | 'closed';
export type AccessMap = Partial<Record<Section, Level>>;

/** Sections a plan of type `simple` (enkelt samspill) has; an `ip` has them all. */
export const SIMPLE_SECTIONS: readonly Section[] = ['messages', 'meetings', 'tasks', 'documents'];

const all = (level: Level): Record<Section, Level> =>
  Object.fromEntries(SECTIONS.map((s) => [s, level])) as Record<Section, Level>;

/** Sensible defaults by role; the coordinator and the owner (or guardian) change them. */
export const DEFAULT_ACCESS: Record<ParticipantRole, Record<Section, Level>> = {
  owner: all('write'),
  guardian: all('write'),
  coordinator: all('write'),
  relative: {
    aboutMe: 'read',
    goals: 'read',
    measures: 'read',
    contributions: 'write',
    evaluations: 'read',
    log: 'none',
    consents: 'none',
    cooperation: 'none',
    messages: 'write',
    meetings: 'read',
    tasks: 'read',
    documents: 'read',
  },
  professional: {
    aboutMe: 'read',
    goals: 'write',
    measures: 'write',
    contributions: 'write',
    evaluations: 'write',
    log: 'write',
    consents: 'none',
    cooperation: 'write',
    messages: 'write',
    meetings: 'write',
    tasks: 'write',
    documents: 'write',
  },
};
