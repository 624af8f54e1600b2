// DESIGN.md budget: a message reaches the recipients' open event streams within 200 ms
// (p99) and their notification job is queued within 1 s. Plans of 8 participants, every
// participant holding an event stream; concurrent senders post as random team members to
// their own plan. The server runs here; the load client (streams, senders, job poller)
// in a child process. Missing frames or jobs, failed posts or streams the server closed
// make the run exit 1; a budget miss does not.
// Usage: npm run bench -- messages-live
//   BENCH_DATABASE_URL  admin connection (default postgres://postgres@127.0.0.1:5432/postgres);
//                       a scratch database samvirke_bench_<random> is created and dropped
//   BENCH_PLANS (20), BENCH_SENDERS (16), BENCH_SECONDS (10; after a 2 s warm-up),
//   BENCH_POLL_MS (25): how often the job poller reads pgboss.job
//   BENCH_POOL_SIZE: the server's DB_POOL_SIZE (default: its own default, 10)
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { type Figures, type LiveResult, runLiveClient } from './live-client.ts';
import { seedTeams } from './live-seed.ts';
import { startBenchServer } from './server.ts';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PLANS = Number(process.env.BENCH_PLANS ?? 20);
const SENDERS = Number(process.env.BENCH_SENDERS ?? 16);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = 2;
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 25);
const EVENT_BUDGET_MS = 200;
const QUEUE_BUDGET_MS = 1000;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

type JobCounts = { jobs: number; waiting: number; people: number; ownTx: number; created: number };

/**
 * The bench plans' notify jobs against one waiting job per person and kind (every
 * recipient is active with a mobile), and how many of them were created in the
 * transaction of the message that caused them (same now(): created_on = created_at).
 */
const JOB_COUNTS = `select
    (select count(*) from pgboss.job j where j.name = 'notify' and j.data->>'planId' = any($1))::int as jobs,
    (select count(*) from pgboss.job j where j.name = 'notify' and j.data->>'planId' = any($1)
      and j.state = 'created')::int as waiting,
    (select count(distinct r.person_id) from message_recipients r
      join messages m on m.id = r.message_id where m.plan_id = any($1::uuid[]))::int as people,
    (select count(*) from pgboss.job j join messages m on m.id = (j.data->>'subjectId')::uuid
      where j.name = 'notify' and m.plan_id = any($1::uuid[]) and j.created_on = m.created_at)::int as "ownTx",
    (select count(*) from pgboss.job j join messages m on m.id = (j.data->>'subjectId')::uuid
      where j.name = 'notify' and m.plan_id = any($1::uuid[]))::int as created`;

const ms = (value: number | null) => (value === null ? '—' : value.toFixed(1)).padStart(8);

function printTable(r: LiveResult): void {
  console.log(
    `${'ms'.padEnd(34)} ${'p50'.padStart(8)} ${'p99'.padStart(8)} ${'max'.padStart(8)}  n`,
  );
  const row = (name: string, f: Figures) =>
    console.log(`${name.padEnd(34)} ${ms(f.p50)} ${ms(f.p99)} ${ms(f.max)}  ${f.count}`);
  row('POST start → 201', r.postToResponse);
  row('POST start → recipient frame', r.postToFrame);
  row('201 → recipient frame', r.responseToFrame);
  row("POST start → sender's own frame", r.postToOwnFrame);
  row(`POST start → job seen (poll ${POLL_MS} ms)`, r.postToJob);
  row('201 → job seen', r.responseToJob);
}

const dbName = `samvirke_bench_${randomBytes(4).toString('hex')}`;
const databaseUrl = Object.assign(new URL(ADMIN_URL), { pathname: `/${dbName}` }).href;
await admin(`create database ${dbName}`);
let server: Awaited<ReturnType<typeof startBenchServer>> | undefined;
let invalid = false;
try {
  const pool = process.env.BENCH_POOL_SIZE;
  server = await startBenchServer({
    DATABASE_URL: databaseUrl,
    QUIET_HOURS: '',
    ...(pool ? { DB_POOL_SIZE: pool } : {}),
  });
  const teams = await seedTeams(server.db, server.config, PLANS);
  const streams = teams.reduce((sum, t) => sum + t.members.length, 0);
  const [pgVersion] = await server.db.query<{ server_version: string }>('show server_version');
  console.log(
    `messages-live: database ${server.databaseKind} ${pgVersion?.server_version ?? ''}, ` +
      `${os.availableParallelism()} cores, pool ${server.config.dbPoolSize}, ` +
      `${PLANS} plans × 8 participants, ${streams} event streams, ${SENDERS} senders, ` +
      `${SECONDS} s after ${WARMUP_SECONDS} s warm-up, ` +
      `NOTIFY_BATCH_SECONDS ${server.config.notifyBatchSeconds}, QUIET_HOURS off\n`,
  );
  const r = await runLiveClient({
    url: server.url,
    databaseUrl,
    teams,
    senders: SENDERS,
    seconds: SECONDS,
    warmupSeconds: WARMUP_SECONDS,
    pollMs: POLL_MS,
    graceSeconds: 5,
  });
  const [jobs] = await server.db.query<JobCounts>(JOB_COUNTS, [teams.map((t) => t.planId)]);

  console.log(
    `messages posted (201): ${r.posted} in ${SECONDS} s = ${(r.posted / SECONDS).toFixed(1)}/s; ` +
      `failed posts ${r.failed}; streams ${r.streams}, closed by the server ${r.streamsEnded}`,
  );
  console.log(
    `message.created frames: recipients ${r.recipientFrames.received} of ` +
      `${r.recipientFrames.expected} (7 per message), senders' own ` +
      `${r.senderFrames.received} of ${r.senderFrames.expected}`,
  );
  console.log(
    `notify jobs (bench plans): ${jobs?.jobs} (${jobs?.waiting} waiting), expected ` +
      `${jobs?.people} (one per person and kind within the batch); created in their ` +
      `message's transaction: ${jobs?.ownTx} of ${jobs?.created}; ` +
      `(message, recipient) pairs with a job seen: ${r.jobPairs.seen} of ${r.jobPairs.expected}\n`,
  );
  printTable(r);

  const missing =
    r.recipientFrames.received < r.recipientFrames.expected ||
    r.senderFrames.received < r.senderFrames.expected ||
    r.jobPairs.seen < r.jobPairs.expected ||
    jobs?.jobs !== jobs?.people;
  invalid = missing || r.failed > 0 || r.streamsEnded > 0 || r.posted === 0;
  const verdict = (p99: number | null, budget: number) =>
    p99 !== null && p99 <= budget && !missing ? 'budget met' : 'BUDGET MISSED';
  console.log(
    `\nPOST start → recipient frame p99 ${ms(r.postToFrame.p99).trim()} ms ` +
      `(≤ ${EVENT_BUDGET_MS}): ${verdict(r.postToFrame.p99, EVENT_BUDGET_MS)}`,
  );
  console.log(
    `POST start → job seen p99 ${ms(r.postToJob.p99).trim()} ms ` +
      `(≤ ${QUEUE_BUDGET_MS}): ${verdict(r.postToJob.p99, QUEUE_BUDGET_MS)}`,
  );
} finally {
  await server?.stop();
  await admin(`drop database if exists ${dbName} with (force)`);
}
process.exitCode = invalid ? 1 : 0;
