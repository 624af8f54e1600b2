import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import {
  CHANNEL_NAME,
  type Db,
  type Queryable,
  type Row,
  type Statement,
  TYPE_DATE,
  TYPE_INT8,
} from './types.ts';

const parsers = {
  // Counts and sizes fit in a JS number; keep int8 as number on both databases.
  [TYPE_INT8]: (value: string) => Number(value),
  // Calendar dates stay plain 'YYYY-MM-DD' strings: no time zone can shift them.
  [TYPE_DATE]: (value: string) => value,
};

function textOf(sql: string | Statement): string {
  return typeof sql === 'string' ? sql : sql.text;
}

function wrap(target: PGlite | Transaction): Queryable {
  return {
    async query<T extends Row>(sql: string | Statement, params: readonly unknown[] = []) {
      const result = await target.query<T>(textOf(sql), [...params]);
      return result.rows;
    },
    async exec(sql: string) {
      await target.exec(sql);
    },
  };
}

/** Opens embedded PostgreSQL. `dataDir` undefined keeps it in memory; `load` restores a dump. */
export async function openPglite(
  options: { dataDir?: string; load?: Blob } = {},
): Promise<Db & { pglite: PGlite }> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.load ? { loadDataDir: options.load } : {}),
    parsers,
  });
  const base = wrap(pglite);
  return {
    kind: 'pglite',
    pglite,
    query: base.query,
    exec: base.exec,
    transaction: (fn) => pglite.transaction((tx) => fn(wrap(tx))),
    async listen(channels, handlers) {
      const stops: (() => Promise<void>)[] = [];
      for (const channel of channels) {
        if (!CHANNEL_NAME.test(channel)) throw new Error(`invalid channel name ${channel}`);
        stops.push(
          await pglite.listen(channel, (payload) => handlers.notification(channel, payload)),
        );
      }
      return {
        async close() {
          const pending = stops.splice(0);
          if (pglite.closed) return;
          for (const stop of pending) await stop();
        },
      };
    },
    async ping() {
      if (pglite.closed) return false;
      await pglite.query('select 1');
      return true;
    },
    async close() {
      if (!pglite.closed) await pglite.close();
    },
  };
}
