import type { FastifyInstance } from 'fastify';
import { type AppState, buildApp } from './app.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { type Db, openDb } from './db/index.ts';
import { migrate } from './db/migrate.ts';
import { loadDemoData } from './modules/training/demo-data.ts';

export type RunningServer = {
  app: FastifyInstance;
  db: Db;
  config: Config;
  url: string;
  /** Stops taking requests, lets in-flight ones finish, closes the database. */
  stop(): Promise<void>;
};

/**
 * Starts Samvirke: listens at once (ready answers 503), migrates, loads demo data
 * outside production, then reports ready.
 */
export async function startServer(
  config: Config,
  options: { logStream?: NodeJS.WritableStream; webRoot?: string } = {},
): Promise<RunningServer> {
  const db = await openDb(config);
  const state: AppState = { migrated: false };
  const app = await buildApp({ config, db, state, ...options });
  await app.listen({ port: config.port, host: config.host });
  try {
    const applied = await migrate(db);
    if (applied.length > 0) app.log.info({ applied }, 'migrations applied');
    if (config.devToolsEnabled) await loadDemoData(db, config);
    await app.background.start();
  } catch (error) {
    await app.close();
    await db.close();
    throw error;
  }
  state.migrated = true;
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.port === port ? config.publicUrl : `http://localhost:${port}`;
  return { app, db, config, url, stop: gracefulStop(app, db) };
}

/**
 * Graceful stop: the server stops accepting connections, answers 503 to new requests on
 * kept-alive ones, lets in-flight requests finish, then closes the database. Idempotent.
 */
export function gracefulStop(app: FastifyInstance, db: Db): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= (async () => {
      await app.close();
      await db.close();
    })();
    return stopping;
  };
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) fail(`Samvirke cannot start. ${error.message}`);
    throw error;
  }
  // Signals are handled from the start: a stop during start-up or migration is graceful too.
  let server: RunningServer | undefined;
  let shuttingDown = false;
  const shutdown = (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    process.stderr.write(`Samvirke is stopping (${signal})\n`);
    // A stuck connection must not keep the process alive for ever.
    setTimeout(() => process.exit(1), 15_000).unref();
    if (!server) return; // start-up will see shuttingDown and stop
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  try {
    server = await startServer(config);
  } catch (error) {
    fail(`Samvirke cannot start. ${error instanceof Error ? error.message : String(error)}`);
  }
  if (shuttingDown) {
    await server.stop();
    process.exit(0);
  }
  process.stdout.write(`\nSamvirke is running (${config.mode} mode): ${server.url}\n\n`);
}

if (import.meta.main) await main();
