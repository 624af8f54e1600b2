import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export type Load = { connections: number; seconds: number; warmupSeconds: number };

/** Throughput and latency of one measured run; `bad` counts non-2xx answers, errors, timeouts. */
export type LoadResult = { rps: number; p50: number; p99: number; total: number; bad: number };

type Job = { url: string; cookies: string[]; connections: number; seconds: number };

/**
 * Loads `url` with GET requests after a warm-up run. autocannon runs in a child process
 * (this file) so that it does not share the event loop of the servers under test. With
 * several cookies, the requests take them in turn: one session each, as many users would.
 */
export async function fire(url: string, cookies: string[], load: Load): Promise<LoadResult> {
  const job = { url, cookies, connections: load.connections };
  if (load.warmupSeconds > 0) await inChild({ ...job, seconds: load.warmupSeconds });
  return inChild({ ...job, seconds: load.seconds });
}

async function inChild(job: Job): Promise<LoadResult> {
  const self = fileURLToPath(import.meta.url);
  const { stdout } = await execFileAsync(process.execPath, [self, JSON.stringify(job)]);
  return JSON.parse(stdout) as LoadResult;
}

type Report = {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
};
type Request = { headers?: Record<string, string> };

if (import.meta.main) {
  const job = JSON.parse(process.argv[2] ?? '{}') as Job;
  // autocannon ships no types; this is the part of its API used here.
  const autocannon = createRequire(import.meta.url)('autocannon') as (
    options: object,
    done: (error: Error | null, report: Report) => void,
  ) => void;
  let next = 0;
  const withCookie = (request: Request) => ({
    ...request,
    headers: { ...request.headers, cookie: job.cookies[next++ % job.cookies.length] },
  });
  const options = {
    url: job.url,
    connections: job.connections,
    duration: job.seconds,
    ...(job.cookies.length === 1 ? { headers: { cookie: job.cookies[0] } } : {}),
    ...(job.cookies.length > 1 ? { requests: [{ setupRequest: withCookie }] } : {}),
  };
  autocannon(options, (error, report) => {
    if (error) throw error;
    const result: LoadResult = {
      rps: report.requests.average,
      p50: report.latency.p50,
      p99: report.latency.p99,
      total: report.requests.total,
      bad: report.non2xx + report.errors + report.timeouts,
    };
    process.stdout.write(JSON.stringify(result));
  });
}
