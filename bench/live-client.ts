import { fork } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Team } from './live-seed.ts';
import { type EventStream, openEventStream } from './sse-stream.ts';

/**
 * The load client of `messages-live`, run in a child process (so that it does not share
 * the server's event loop): it holds every participant's event stream, posts messages
 * with `senders` concurrent loops as random team members to their own plan, and polls
 * pgboss.job for the recipients' notify jobs. All times are this process's
 * performance.now(); only messages whose POST started after the warm-up are measured.
 */

export type LiveJob = {
  url: string;
  databaseUrl: string;
  teams: Team[];
  senders: number;
  seconds: number;
  warmupSeconds: number;
  /** How often the job poller looks (ms); its figures are upper bounds by about this much. */
  pollMs: number;
  /** How long to wait after the last POST for frames and jobs still missing. */
  graceSeconds: number;
};

/** Milliseconds; p50/p99 by nearest rank. */
export type Figures = { count: number; p50: number; p99: number; max: number };

export type LiveResult = {
  /** Measured 201s, and non-201 answers or errors (warm-up included). */
  posted: number;
  failed: number;
  streams: number;
  /** Streams the server closed during the run. */
  streamsEnded: number;
  /** message.created frames for measured messages, on recipients' and senders' streams. */
  recipientFrames: { expected: number; received: number };
  senderFrames: { expected: number; received: number };
  /** (message, recipient) pairs whose notify job the poller saw. */
  jobPairs: { expected: number; seen: number };
  postToResponse: Figures;
  postToFrame: Figures;
  responseToFrame: Figures;
  postToOwnFrame: Figures;
  postToJob: Figures;
  responseToJob: Figures;
};

type Sent = { id: string; team: Team; senderId: string; start: number; end: number };
type Seen = Map<string, Map<string, number>>;

/**
 * The recipients of these messages who have a notify job (one waiting job per person and
 * kind: a later message joins the waiting one), as another connection sees it.
 */
const JOBS_SEEN = `select r.message_id as "messageId", r.person_id as "personId"
  from message_recipients r
  where r.message_id = any($1::uuid[])
    and exists (select 1 from pgboss.job j
      where j.name = 'notify' and j.singleton_key = r.person_id::text || ':message')`;

export function figures(values: number[]): Figures {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  return { count: sorted.length, p50: rank(0.5), p99: rank(0.99), max: rank(1) };
}

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T;

function note(seen: Seen, messageId: string, personId: string, at: number): void {
  const byPerson = seen.get(messageId) ?? new Map<string, number>();
  seen.set(messageId, byPerson);
  if (!byPerson.has(personId)) byPerson.set(personId, at);
}

async function run(job: LiveJob): Promise<LiveResult> {
  const frames: Seen = new Map();
  const jobs: Seen = new Map();
  const streams: EventStream[] = await Promise.all(
    job.teams.flatMap((team) =>
      team.members.map((member) =>
        openEventStream(job.url, member.cookie, (data, at) => {
          if (data.type === 'message.created' && data.subjectId) {
            note(frames, data.subjectId, member.personId, at);
          }
        }),
      ),
    ),
  );
  const client = new pg.Client({ connectionString: job.databaseUrl });
  await client.connect();

  const sent: Sent[] = [];
  const unseen = new Set<Sent>();
  let failed = 0;
  let serial = 0;
  const measuredFrom = performance.now() + job.warmupSeconds * 1000;
  const until = measuredFrom + job.seconds * 1000;
  let sending = true;

  async function sender(): Promise<void> {
    while (performance.now() < until) {
      const team = pick(job.teams);
      const member = pick(team.members);
      serial += 1;
      const start = performance.now();
      try {
        const res = await fetch(`${job.url}/api/plans/${team.planId}/messages`, {
          method: 'POST',
          headers: { cookie: member.cookie, origin: job.url, 'content-type': 'application/json' },
          body: JSON.stringify({ body: `Benchmelding ${serial}` }),
        });
        const body = (await res.json()) as { id?: string };
        const end = performance.now();
        if (res.status !== 201 || !body.id) throw new Error(`POST answered ${res.status}`);
        const message = { id: body.id, team, senderId: member.personId, start, end };
        sent.push(message);
        unseen.add(message);
      } catch {
        failed += 1;
      }
    }
  }

  async function poller(deadline: () => number): Promise<void> {
    while ((sending || unseen.size > 0) && performance.now() < deadline()) {
      const batch = [...unseen];
      if (batch.length > 0) {
        const { rows } = await client.query<{ messageId: string; personId: string }>(JOBS_SEEN, [
          batch.map((m) => m.id),
        ]);
        const at = performance.now();
        for (const row of rows) note(jobs, row.messageId, row.personId, at);
        for (const m of batch) {
          if ((jobs.get(m.id)?.size ?? 0) >= m.team.members.length - 1) unseen.delete(m);
        }
      }
      await sleep(job.pollMs);
    }
  }

  let stopAt = Number.POSITIVE_INFINITY;
  const polling = poller(() => stopAt);
  await Promise.all(Array.from({ length: job.senders }, sender));
  sending = false;
  stopAt = performance.now() + job.graceSeconds * 1000;
  const complete = () => sent.every((m) => frames.get(m.id)?.size === m.team.members.length);
  while (!complete() && performance.now() < stopAt) await sleep(50);
  await polling;
  const streamsEnded = streams.filter((s) => s.ended).length;
  for (const stream of streams) stream.close();
  await client.end();

  const measured = sent.filter((m) => m.start >= measuredFrom);
  const times = {
    postToFrame: [] as number[],
    responseToFrame: [] as number[],
    postToOwnFrame: [] as number[],
    postToJob: [] as number[],
    responseToJob: [] as number[],
  };
  let recipients = 0;
  for (const m of measured) {
    const own = frames.get(m.id)?.get(m.senderId);
    if (own !== undefined) times.postToOwnFrame.push(own - m.start);
    for (const { personId } of m.team.members) {
      if (personId === m.senderId) continue;
      recipients += 1;
      const frame = frames.get(m.id)?.get(personId);
      if (frame !== undefined) {
        times.postToFrame.push(frame - m.start);
        times.responseToFrame.push(frame - m.end);
      }
      const queued = jobs.get(m.id)?.get(personId);
      if (queued !== undefined) {
        times.postToJob.push(queued - m.start);
        times.responseToJob.push(queued - m.end);
      }
    }
  }
  return {
    posted: measured.length,
    failed,
    streams: streams.length,
    streamsEnded,
    recipientFrames: { expected: recipients, received: times.postToFrame.length },
    senderFrames: { expected: measured.length, received: times.postToOwnFrame.length },
    jobPairs: { expected: recipients, seen: times.postToJob.length },
    postToResponse: figures(measured.map((m) => m.end - m.start)),
    postToFrame: figures(times.postToFrame),
    responseToFrame: figures(times.responseToFrame),
    postToOwnFrame: figures(times.postToOwnFrame),
    postToJob: figures(times.postToJob),
    responseToJob: figures(times.responseToJob),
  };
}

/** Runs the client in a child process and returns its figures. */
export function runLiveClient(job: LiveJob): Promise<LiveResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [], { stdio: 'inherit' });
    child.once('message', (result) => resolve(result as LiveResult));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the load client exited with ${code}`)));
    child.send(job);
  });
}

if (import.meta.main) {
  process.once('message', (job) => {
    run(job as LiveJob).then(
      (result) => process.send?.(result, () => process.exit(0)),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
