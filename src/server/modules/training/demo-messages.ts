import type { Queryable } from '../../db/index.ts';
import { DEMO_IDS } from './demo-ids.ts';
import { DEMO_PLAN_IDS } from './demo-plan.ts';

/** Fixed ids of the demo messages in "Olas plan", so tests and guides can name them. */
export const DEMO_MESSAGE_IDS = {
  meeting: '00000000-0000-4000-8000-000000000701',
  anneReply: '00000000-0000-4000-8000-000000000702',
  perReply: '00000000-0000-4000-8000-000000000703',
  cookingCourse: '00000000-0000-4000-8000-000000000704',
} as const;

const P = DEMO_PLAN_IDS.participants;

type Person = 'kari' | 'ola' | 'anne' | 'per';

const PEOPLE: Record<Person, { personId: string; participantId: string }> = {
  kari: { personId: DEMO_IDS.kari, participantId: P.kari },
  ola: { personId: DEMO_IDS.ola, participantId: P.ola },
  anne: { personId: DEMO_IDS.anne, participantId: P.anne },
  per: { personId: DEMO_IDS.per, participantId: P.per },
};

type DemoMessage = {
  id: string;
  threadId: string;
  replyToId: string | null;
  from: Person;
  subject: string | null;
  body: string;
  /** Hours before now that it was sent. */
  hoursAgo: number;
  /** Each recipient, with hours before now that they read it (null: unread). */
  to: Partial<Record<Person, number | null>>;
};

const M = DEMO_MESSAGE_IDS;

/**
 * A conversation about the next care-team meeting (Kari, Ola, Anne and Per; Ola has not
 * read Per's reply yet) and a short note from Kari to Ola and Anne about the cooking
 * course (unread). Lise's access has ended, so she is in none of them. Invented text.
 */
const MESSAGES: DemoMessage[] = [
  {
    id: M.meeting,
    threadId: M.meeting,
    replyToId: null,
    from: 'kari',
    subject: 'Ansvarsgruppemøte i neste måned',
    body: 'Hei alle sammen!\nJeg foreslår at vi har ansvarsgruppemøte tirsdag om tre uker, klokken 13, på helsehuset.\nSi fra om tidspunktet passer for dere.\n\nHilsen Kari',
    hoursAgo: 6 * 24,
    to: { ola: 5 * 24 + 20, anne: 5 * 24 + 22, per: 5 * 24 + 2 },
  },
  {
    id: M.anneReply,
    threadId: M.meeting,
    replyToId: M.meeting,
    from: 'anne',
    subject: null,
    body: 'Det passer fint for oss. Ola lurer på om vi kan snakke om leiligheten også.',
    hoursAgo: 5 * 24,
    to: { kari: 4 * 24 + 21, ola: 4 * 24 + 18, per: 4 * 24 + 3 },
  },
  {
    id: M.perReply,
    threadId: M.meeting,
    replyToId: M.anneReply,
    from: 'per',
    subject: null,
    body: 'Jeg kommer. Jeg kan si litt om treningen – balansen er mye bedre enn i vinter!\nØvelsene vi gjør, ligger her: https://www.example.no/ovelser/balanse',
    hoursAgo: 2 * 24,
    to: { kari: 40, anne: 30, ola: null },
  },
  {
    id: M.cookingCourse,
    threadId: M.cookingCourse,
    replyToId: null,
    from: 'kari',
    subject: 'Matlagingskurset',
    body: 'Hei Ola!\nMatlagingskurset starter om to uker. Vil du at miljøterapeuten ringer deg før første kveld?',
    hoursAgo: 20,
    to: { ola: null, anne: null },
  },
];

/** Inserts the demo messages; runs inside the demo data's transaction, after the plan. */
export async function loadDemoMessages(tx: Queryable): Promise<void> {
  for (const m of MESSAGES) {
    const sender = PEOPLE[m.from];
    await tx.query(
      `insert into messages (id, plan_id, thread_id, reply_to_id, sender_id,
         sender_participant_id, subject, body, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, now() - make_interval(hours => $9::int))`,
      [
        m.id,
        DEMO_PLAN_IDS.plan,
        m.threadId,
        m.replyToId,
        sender.personId,
        sender.participantId,
        m.subject,
        m.body,
        m.hoursAgo,
      ],
    );
    for (const [who, readHoursAgo] of Object.entries(m.to) as [Person, number | null][]) {
      const recipient = PEOPLE[who];
      await tx.query(
        `insert into message_recipients (message_id, participant_id, person_id, read_at)
         values ($1, $2, $3,
           case when $4::int is null then null else now() - make_interval(hours => $4::int) end)`,
        [m.id, recipient.participantId, recipient.personId, readHoursAgo],
      );
    }
  }
}
