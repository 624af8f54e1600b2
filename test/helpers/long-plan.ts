import type { PlanExport } from '../../src/server/modules/export/gather.ts';

const lorem = (n: number) =>
  'Ola trener på balanse og styrke to ganger i uka, og det går stadig bedre. '.repeat(n).trim();

/**
 * A printed plan's data with `goals` goals of varied length, `log` log entries and a team of
 * 30: for layout tests and the export benchmark. Nothing in it is a real person.
 */
export function longPlan(goals: number, log = 0): PlanExport {
  const at = new Date('2026-11-26T10:00:00Z');
  return {
    language: 'nb',
    printedBy: 'Kari Koordinator',
    printedAt: at,
    plan: {
      title: 'Olas plan',
      type: 'ip',
      status: 'active',
      ownerName: 'Ola Planeier',
      coordinatorName: 'Kari Koordinator',
      periodStart: '2026-01-01',
      periodEnd: null,
      nextRevision: null,
    },
    team: Array.from({ length: 30 }, (_, i) => ({
      id: `p${i}`,
      name: `Deltaker ${i}`,
      role: 'professional' as const,
      functionTitle: 'Fysioterapeut',
      organizationName: 'Demo kommune',
      responsibility: lorem(1 + (i % 4)),
    })),
    sections: log > 0 ? ['goals', 'log'] : ['goals'],
    aboutMe: null,
    goals: {
      truncated: false,
      items: Array.from({ length: goals }, (_, i) => ({
        id: `g${i}`,
        parentId: null,
        title: `Mål ${i}: bo i egen leilighet og klare hverdagen`,
        description: lorem(1 + ((i * 7) % 9)),
        status: 'active',
        byName: 'Kari',
        createdAt: at,
      })),
    },
    measures: null,
    evaluations: null,
    contributions: null,
    cooperation: null,
    log:
      log > 0
        ? {
            truncated: false,
            items: Array.from({ length: log }, (_, i) => ({
              id: `l${i}`,
              text: `${i}: ${lorem(2 + (i % 6))}`,
              byName: 'Per Fysio',
              createdAt: new Date(at.getTime() - i * 86_400_000),
            })),
          }
        : null,
    consents: null,
  };
}
