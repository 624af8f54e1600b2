import pg from 'pg';
import { CHANNEL_NAME, type Listener, type ListenHandlers } from './types.ts';

export type BackoffOptions = {
  /** First wait after a loss; doubles on every failed attempt. */
  minDelayMs: number;
  maxDelayMs: number;
};

const DEFAULT_BACKOFF: BackoffOptions = { minDelayMs: 100, maxDelayMs: 5_000 };

/**
 * A connection that dies silently (no reset reaches us) would listen to nothing for ever:
 * it is asked a trivial question this often, and replaced when no answer comes in time.
 */
const PING_EVERY_MS = 30_000;
const PING_TIMEOUT_MS = 10_000;

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

/**
 * LISTEN on a dedicated PostgreSQL connection, outside the pool: a pooled connection is
 * handed to other work and its LISTENs would end with it. After an error or a dropped
 * connection it reconnects with exponential backoff (with jitter) and tells the caller
 * (`resumed`), who catches up from the data, since notifications sent meanwhile are lost.
 */
export async function listenOnPostgres(
  url: string,
  channels: readonly string[],
  handlers: ListenHandlers,
  backoff: BackoffOptions = DEFAULT_BACKOFF,
): Promise<Listener> {
  for (const channel of channels) {
    if (!CHANNEL_NAME.test(channel)) throw new Error(`invalid channel name ${channel}`);
  }
  let current: pg.Client | null = null;
  let closed = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;

  const ping = setInterval(() => {
    const client = current;
    if (!client) return;
    let timeout: NodeJS.Timeout | undefined;
    Promise.race([
      client.query('select 1'),
      new Promise((_, reject) => {
        timeout = setTimeout(
          () => reject(new Error('the listening connection stopped answering')),
          PING_TIMEOUT_MS,
        );
      }),
    ]).then(
      () => clearTimeout(timeout),
      (error: unknown) => {
        clearTimeout(timeout);
        lost(client, asError(error));
      },
    );
  }, PING_EVERY_MS);
  ping.unref();

  const connect = async (): Promise<void> => {
    const client = new pg.Client({
      connectionString: url,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      application_name: 'samvirke-listener',
    });
    // Until it is `current`, a failure surfaces as the rejection of connect/query below.
    client.on('error', (error) => lost(client, error));
    client.on('end', () => lost(client, new Error('the listening connection ended')));
    client.on('notification', (message) => {
      if (client === current && message.payload !== undefined) {
        handlers.notification(message.channel, message.payload);
      }
    });
    try {
      await client.connect();
      for (const channel of channels) await client.query(`listen ${channel}`);
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => {});
      throw error;
    }
    if (closed) {
      client.removeAllListeners('end');
      await client.end().catch(() => {});
      return;
    }
    current = client;
  };

  const lost = (client: pg.Client, error: Error): void => {
    if (client !== current) return;
    current = null;
    client.removeAllListeners('end');
    client.end().catch(() => {});
    if (closed) return;
    handlers.lost?.(error);
    retry();
  };

  const retry = (): void => {
    const delay = Math.min(backoff.maxDelayMs, backoff.minDelayMs * 2 ** failures);
    failures += 1;
    timer = setTimeout(
      () => {
        timer = undefined;
        connect().then(
          () => {
            if (closed || !current) return;
            failures = 0;
            handlers.resumed?.();
          },
          (error: unknown) => {
            if (closed) return;
            handlers.lost?.(asError(error));
            retry();
          },
        );
      },
      delay * (0.5 + Math.random() / 2),
    );
  };

  try {
    await connect();
  } catch (error) {
    clearInterval(ping);
    throw error;
  }
  return {
    async close() {
      closed = true;
      clearInterval(ping);
      if (timer) clearTimeout(timer);
      const client = current;
      current = null;
      if (client) {
        client.removeAllListeners('end');
        await client.end().catch(() => {});
      }
    },
  };
}
