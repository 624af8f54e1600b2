// DESIGN.md budget: opening a plan and listing its messages — with the session check, the
// access check and the audit row — reach at least half the throughput of a bare Fastify +
// pg route doing the same data queries (the floor), measured in the same run, with p99 at
// most twice the floor's. Floor and product alternate, twice per route; ratios use means.
// `failed` counts non-2xx answers, socket errors and timeouts: any makes the run exit 1.
// Usage: npm run bench -- plan-open
//   BENCH_DATABASE_URL  admin connection (default postgres://postgres@127.0.0.1:5432/postgres);
//                       a scratch database samvirke_bench_<random> is created and dropped
//   BENCH_CONNECTIONS (50), BENCH_SECONDS (10; each run follows a 2 s warm-up)
//   BENCH_SESSIONS (1): Ola's sessions the requests take in turn; 1 is one user's browser,
//                       more spread the session check's row update as many users would
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { setTimeout } from 'node:timers/promises';
import Fastify from 'fastify';
import pg from 'pg';
import { createSession, sessionCookieName } from '../src/server/auth/sessions.ts';
import type { Queryable, Row, Statement } from '../src/server/db/index.ts';
import { listMessages, unreadByPlan } from '../src/server/modules/messages/queries.ts';
import { planById } from '../src/server/modules/plans/queries.ts';
import { DEMO_IDS } from '../src/server/modules/training/demo-ids.ts';
import { DEMO_PLAN_IDS } from '../src/server/modules/training/demo-plan.ts';
import { fire, type LoadResult } from './autocannon.ts';
import { startBenchServer } from './server.ts';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const LOAD = {
  connections: Number(process.env.BENCH_CONNECTIONS ?? 50),
  seconds: Number(process.env.BENCH_SECONDS ?? 10),
  warmupSeconds: 2,
};
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 1);
const ROUNDS = 2;
const MESSAGES = 200;
const PLAN = DEMO_PLAN_IDS.plan;
const P = DEMO_PLAN_IDS.participants;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** 200 thread-starting messages from Kari to Ola, Anne and Per, a minute apart. */
async function seedMessages(db: Queryable): Promise<void> {
  await db.query(
    `with m as (
       insert into messages (id, plan_id, thread_id, sender_id, sender_participant_id, subject, body, created_at)
       select id, $1, id, $2, $3, 'Melding ' || n, 'Hei! Dette er melding nummer ' || n || ' i planen.',
         now() - make_interval(mins => n)
       from (select gen_random_uuid() as id, n from generate_series(1, $4::int) n) g
       returning id)
     insert into message_recipients (message_id, participant_id, person_id)
     select m.id, r.participant_id, r.person_id
     from m, unnest($5::uuid[], $6::uuid[]) as r(participant_id, person_id)`,
    [
      PLAN,
      DEMO_IDS.kari,
      P.kari,
      MESSAGES,
      [P.ola, P.anne, P.per],
      [DEMO_IDS.ola, DEMO_IDS.anne, DEMO_IDS.per],
    ],
  );
}

/**
 * The floor: bare Fastify 5 with its own pg.Pool running the product's own data queries
 * (imported, so they cannot drift) as named prepared statements: no session, access
 * check, audit row, transaction, validation or request log.
 */
async function startFloor(databaseUrl: string, poolSize: number) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  const db: Queryable = {
    async query<T extends Row>(sql: string | Statement, params: readonly unknown[] = []) {
      const statement = typeof sql === 'string' ? { text: sql } : sql;
      return (await pool.query<T>({ ...statement, values: [...params] })).rows;
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
  };
  const app = Fastify({ logger: false });
  app.get<{ Params: { planId: string } }>('/floor/plans/:planId', async (request) =>
    planById(db, request.params.planId),
  );
  app.get<{ Params: { planId: string } }>('/floor/plans/:planId/messages', async (request) => {
    const { planId } = request.params;
    const personId = DEMO_IDS.ola;
    const rows = await listMessages(db, {
      planId,
      personId,
      limit: 50,
      before: null,
      threadId: null,
    });
    const [unread] = await unreadByPlan(db, personId, [planId]);
    return { items: rows.slice(0, 50), unread: unread?.unread ?? 0 };
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    async close() {
      await app.close();
      await pool.end();
    },
  };
}

/** The statements one request runs, by name (or first words), counted on every pg client. */
async function statementsOf(url: string, cookie: string): Promise<string[]> {
  const seen: string[] = [];
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { name?: string; text: string };
    const text = typeof first === 'string' ? first : first.text;
    // pg-boss polls on the same pool; its statements are not the request's.
    if (!text.includes('pgboss')) {
      const name = typeof first === 'string' ? undefined : first.name;
      seen.push(name ?? text.replace(/\s+/g, ' ').trim().slice(0, 30));
    }
    return original.apply(this, args);
  };
  try {
    const res = await fetch(url, { headers: { cookie } });
    await res.arrayBuffer();
  } finally {
    proto.query = original;
  }
  return seen;
}

async function getJson(url: string, cookie: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { headers: { cookie } });
  return { status: res.status, body: await res.json() };
}

const dbName = `samvirke_bench_${randomBytes(4).toString('hex')}`;
const databaseUrl = Object.assign(new URL(ADMIN_URL), { pathname: `/${dbName}` }).href;
await admin(`create database ${dbName}`);
let server: Awaited<ReturnType<typeof startBenchServer>> | undefined;
let floor: Awaited<ReturnType<typeof startFloor>> | undefined;
let invalid = false;
try {
  server = await startBenchServer({ DATABASE_URL: databaseUrl });
  await server.db.transaction(seedMessages);
  floor = await startFloor(databaseUrl, server.config.dbPoolSize);
  const cookies: string[] = [];
  for (let i = 0; i < SESSIONS; i++) {
    const { token } = await createSession(server.db, server.config, {
      personId: DEMO_IDS.ola,
      authMethod: 'password',
    });
    cookies.push(`${sessionCookieName(server.config)}=${token}`);
  }
  const cookie = cookies[0] ?? '';

  const routes = [
    { name: 'GET /api/plans/:planId', path: `/plans/${PLAN}` },
    { name: 'GET /api/plans/:planId/messages', path: `/plans/${PLAN}/messages` },
  ];
  const productUrl = (path: string) => `${server?.url}/api${path}`;
  const floorUrl = (path: string) => `${floor?.url}/floor${path}`;

  for (const route of routes) {
    const answer = await getJson(productUrl(route.path), cookie);
    if (answer.status !== 200) {
      throw new Error(`${route.name} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    }
    const items = (answer.body as { items?: unknown[] }).items;
    if (items && items.length !== 50) throw new Error(`the list has ${items.length} messages`);
  }

  const [pgVersion] = await server.db.query<{ server_version: string }>('show server_version');
  console.log(
    `plan-open: database ${server.databaseKind} ${pgVersion?.server_version ?? ''}, ` +
      `${os.availableParallelism()} cores, ` +
      `pool ${server.config.dbPoolSize}, ${LOAD.connections} connections, ${SESSIONS} session(s), ` +
      `${LOAD.seconds} s after ${LOAD.warmupSeconds} s warm-up, ${ROUNDS} rounds floor/product, ` +
      `request logging off in both\n`,
  );
  for (const route of routes) {
    const statements = await statementsOf(productUrl(route.path), cookie);
    console.log(`${route.name}: ${statements.length} statements: ${statements.join(', ')}`);
  }

  const header = `${'route'.padEnd(32)} ${'target'.padEnd(8)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'failed'.padStart(7)}`;
  console.log(`\n${header}`);
  const row = (route: string, target: string, r: LoadResult) =>
    console.log(
      `${route.padEnd(32)} ${target.padEnd(8)} ${r.rps.toFixed(0).padStart(7)} ${r.p50.toFixed(1).padStart(7)} ${r.p99.toFixed(1).padStart(7)} ${String(r.bad).padStart(7)}`,
    );
  const summaries: string[] = [];
  for (const route of routes) {
    const runs = { floor: [] as LoadResult[], product: [] as LoadResult[] };
    for (let round = 0; round < ROUNDS; round++) {
      // The floor gets the cookies too (and ignores them): the load generator works alike.
      const f = await fire(floorUrl(route.path), cookies, LOAD);
      row(route.name, 'floor', f);
      runs.floor.push(f);
      const p = await fire(productUrl(route.path), cookies, LOAD);
      row(route.name, 'product', p);
      runs.product.push(p);
    }
    const mean = (list: LoadResult[], key: 'rps' | 'p99') =>
      list.reduce((sum, r) => sum + r[key], 0) / list.length;
    const throughput = mean(runs.product, 'rps') / mean(runs.floor, 'rps');
    const p99 = mean(runs.product, 'p99') / mean(runs.floor, 'p99');
    const bad = [...runs.floor, ...runs.product].reduce((sum, r) => sum + r.bad, 0);
    const met = throughput >= 0.5 && p99 <= 2 && bad === 0;
    // A run with failed requests measured nothing: that fails the scenario; a miss does not.
    if (bad > 0) invalid = true;
    summaries.push(
      `${route.name.padEnd(32)} throughput ${throughput.toFixed(2)} (≥ 0.50), ` +
        `p99 ${p99.toFixed(2)} (≤ 2.00), failed ${bad}: ${met ? 'budget met' : 'BUDGET MISSED'}`,
    );
  }
  console.log(`\nproduct / floor (means of ${ROUNDS} runs)`);
  for (const line of summaries) console.log(line);
} finally {
  // Requests autocannon gave up on at its deadline still run; let them end before the pool.
  await setTimeout(2000);
  await server?.stop();
  await floor?.close();
  await admin(`drop database if exists ${dbName} with (force)`);
}
process.exitCode = invalid ? 1 : 0;
