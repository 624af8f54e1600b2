import { mayBeInvited } from '../../access/meetings.ts';
import type { Queryable } from '../../db/index.ts';
import type { MinutesData } from '../meetings/queries.ts';
import { loadPlanFacts, memberFacts, teamMembers } from '../plans/facts.ts';
import { checkAssignee } from '../tasks/service.ts';
import { DEMO_IDS } from './demo-ids.ts';
import { DEMO_PLAN_IDS, inDays, isWorkday, osloTime, workdayAgo } from './demo-plan.ts';

/**
 * Fixed ids of the demo meeting in "Olas plan" (with its agenda point, its minutes'
 * follow-up and the task that follow-up became), so tests and guides can name them.
 */
export const DEMO_MEETING_IDS = {
  meeting: '00000000-0000-4000-8000-000000000801',
  agendaPoint: '00000000-0000-4000-8000-000000000802',
  followup: '00000000-0000-4000-8000-000000000803',
  task: '00000000-0000-4000-8000-000000000804',
} as const;

const P = DEMO_PLAN_IDS.participants;
const M = DEMO_MEETING_IDS;

type Person = 'kari' | 'ola' | 'anne' | 'per';
type Answer = 'yes' | 'no' | 'maybe';
/** A moment: days before today, and the time of day in Norway. */
type When = { daysAgo: number; clock: string };

const PEOPLE: Record<Person, { personId: string; participantId: string }> = {
  kari: { personId: DEMO_IDS.kari, participantId: P.kari },
  ola: { personId: DEMO_IDS.ola, participantId: P.ola },
  anne: { personId: DEMO_IDS.anne, participantId: P.anne },
  per: { personId: DEMO_IDS.per, participantId: P.per },
};

/** The working day about two weeks ago that the meeting was held, in days before today. */
export function demoMeetingDaysAgo(): number {
  return workdayAgo(14);
}

/**
 * The care-team meeting of about two weeks ago, on a working day: called by Kari ten days
 * before (her own "yes" given as she called it), with Ola's and Anne's yes and Per's no
 * (he sent a short update instead); Anne added a point to the agenda. Its minutes, written
 * and approved by Kari the next working day, hold one decision and one follow-up, which she
 * made Ola's task, due in ten days. Lise's access has ended, so she is not in it (as in the
 * messages). Invented text.
 */
function meeting() {
  const held = demoMeetingDaysAgo();
  const called = workdayAgo(held + 10);
  const approved = [held - 1, held - 2, held - 3].find(isWorkday) ?? held - 1;
  const answers: Record<Person, { answer: Answer; at: When }> = {
    kari: { answer: 'yes', at: { daysAgo: called, clock: '10:05' } },
    ola: { answer: 'yes', at: { daysAgo: called - 1, clock: '20:03' } },
    anne: { answer: 'yes', at: { daysAgo: called - 1, clock: '19:12' } },
    per: { answer: 'no', at: { daysAgo: workdayAgo(held + 6), clock: '08:15' } },
  };
  const minutes: MinutesData = {
    text: [
      'Til stede: Ola Planeier, Anne Mor og Kari Koordinator (referent). Per Fysio hadde meldt forfall og sendte en kort oppdatering på forhånd.',
      '',
      '1. Siden sist: Ola har det bra. Han har begynt å spille i band på fritidsklubben og trives med det.',
      '2. Treningen: Per skriver at Ola møter fast to ganger i uka, og at balansen er blitt bedre. Treningen fortsetter som før.',
      '3. Bolig: Ola vil fortsatt flytte i egen leilighet i løpet av året. Han vil bo nær bussen og ikke for langt fra mamma. Ola og Anne lager en liste over hva leiligheten må ha, og Kari tar den med til boligkontoret.',
      '4. Matlagingskurset: Ola har lyst til å være med. Anne spurte om hjelp til å handle inn mat; miljøterapeuten tar det med på kurset.',
      '5. Samarbeidsavtalen med skolen ble gjennomgått. Ingen endringer.',
      '6. Neste møte: Kari sender forslag til dato.',
    ].join('\n'),
    decisions: ['Ola begynner på matlagingskurset i kommunens kurskjøkken, én kveld i uka.'],
    followups: [
      {
        id: M.followup,
        text: 'Lage en liste over hva den nye leiligheten må ha',
        assigneeId: P.ola,
        dueDate: inDays(-workdayAgo(-10)),
      },
    ],
  };
  return {
    title: 'Ansvarsgruppemøte',
    location: 'Helsehuset, møterom 1',
    startsAt: osloTime(held, '13:00'),
    endsAt: osloTime(held, '14:30'),
    calledAt: { daysAgo: called, clock: '10:05' },
    agenda: [
      '1. Siden sist: hvordan har Ola det?',
      '2. Treningen hos fysioterapeuten',
      '3. Bolig: Olas ønske om egen leilighet',
      '4. Matlagingskurset',
      '5. Samarbeidsavtalen med skolen (ligger under Dokumenter)',
      '6. Neste møte',
    ].join('\n'),
    answers,
    agendaPoint: {
      from: 'anne' as Person,
      text: 'Kan vi snakke om hvordan Ola kan få hjelp til å handle inn mat når han bor alene?',
      at: { daysAgo: held + 5, clock: '21:10' },
    },
    minutes,
    approvedAt: { daysAgo: approved, clock: '09:40' },
    /** When the follow-up became a task, just after the approval. */
    taskAt: { daysAgo: approved, clock: '09:42' },
  };
}

const at = (when: When) => osloTime(when.daysAgo, when.clock);

/**
 * Inserts the demo meeting, its minutes and the task its follow-up became; runs inside the
 * demo data's transaction, after the plan. Like the demo messages, these rows are written
 * as they stand (times in the past, fixed ids): no audit rows, plan events or notification
 * jobs, for nobody did anything while the demo loaded. Who is invited and who is given the
 * task are checked by the meetings' and tasks' own rules, so the demo cannot drift from them.
 */
export async function loadDemoMeetings(tx: Queryable): Promise<void> {
  const plan = DEMO_PLAN_IDS.plan;
  const kari = PEOPLE.kari;
  const m = meeting();
  const facts = await loadPlanFacts(tx, plan, kari.personId);
  if (!facts) throw new Error('the demo plan is missing');
  const members = new Map((await teamMembers(tx, plan)).map((x) => [x.participantId, x]));
  for (const who of Object.keys(m.answers) as Person[]) {
    const member = members.get(PEOPLE[who].participantId);
    if (!member || !mayBeInvited(memberFacts(facts, member))) {
      throw new Error(`the demo meeting invites ${who}, who may not read meetings`);
    }
  }
  for (const followup of m.minutes.followups) {
    await checkAssignee(tx, facts, followup.assigneeId, 'demo follow-up');
  }

  await tx.query(
    `insert into meetings (id, plan_id, title, starts_at, ends_at, location, agenda,
       created_by, created_at, updated_by, updated_at)
     values ($1, $2, $3, $4::timestamptz, $5::timestamptz, $6, $7, $8, $9::timestamptz, $8,
       $9::timestamptz)`,
    [
      M.meeting,
      plan,
      m.title,
      m.startsAt,
      m.endsAt,
      m.location,
      m.agenda,
      kari.personId,
      at(m.calledAt),
    ],
  );
  for (const [who, { answer, at: answeredAt }] of Object.entries(m.answers)) {
    const invitee = PEOPLE[who as Person];
    await tx.query(
      `insert into meeting_invitees (meeting_id, participant_id, person_id, answer, answered_at)
       values ($1, $2, $3, $4, $5::timestamptz)`,
      [M.meeting, invitee.participantId, invitee.personId, answer, at(answeredAt)],
    );
  }
  const point = m.agendaPoint;
  await tx.query(
    `insert into meeting_agenda_points (id, meeting_id, text, added_by, added_by_participant,
       created_at)
     values ($1, $2, $3, $4, $5, $6::timestamptz)`,
    [
      M.agendaPoint,
      M.meeting,
      point.text,
      PEOPLE[point.from].personId,
      PEOPLE[point.from].participantId,
      at(point.at),
    ],
  );
  await tx.query(
    `insert into meeting_minutes (meeting_id, data, version, approved_at, approved_by,
       updated_by, updated_at)
     values ($1, $2::jsonb, 1, $4::timestamptz, $3, $3, $4::timestamptz)`,
    [M.meeting, JSON.stringify(m.minutes), kari.personId, at(m.approvedAt)],
  );
  // The follow-up made a task as "Lag oppgave" makes it: its text, assignee and due date.
  const followup = m.minutes.followups[0];
  if (!followup) throw new Error('the demo minutes have no follow-up');
  await tx.query(
    `insert into tasks (id, plan_id, title, description, assignee_participant_id, due_date,
       meeting_id, followup_id, created_by, created_at, updated_by, updated_at)
     values ($1, $2, $3, null, $4, $5::date, $6, $7, $8, $9::timestamptz, $8, $9::timestamptz)`,
    [
      M.task,
      plan,
      followup.text,
      followup.assigneeId,
      followup.dueDate,
      M.meeting,
      followup.id,
      kari.personId,
      at(m.taskAt),
    ],
  );
}
