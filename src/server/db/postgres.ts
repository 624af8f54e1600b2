import pg from 'pg';
import { listenOnPostgres } from './pg-listener.ts';
import {
  type Db,
  type Listener,
  type Queryable,
  type Row,
  type Statement,
  TYPE_DATE,
  TYPE_INT8,
} from './types.ts';

const typeParsers: Record<number, (value: string) => unknown> = {
  [TYPE_INT8]: (value) => Number(value),
  [TYPE_DATE]: (value) => value,
};
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    typeParsers[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<T extends Row>(sql: string | Statement, params: readonly unknown[] = []) {
      const config: pg.QueryConfig =
        typeof sql === 'string'
          ? { text: sql, values: [...params] }
          : { text: sql.text, values: [...params], ...(sql.name ? { name: sql.name } : {}) };
      const result = await client.query<T>(config);
      return result.rows;
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

export function openPostgres(url: string, poolSize: number): Db & { pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types });
  // An idle client that loses its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const base = wrap(pool);
  let closed = false;
  const listeners = new Set<Listener>();
  return {
    kind: 'postgres',
    pool,
    query: base.query,
    exec: base.exec,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn(wrap(client));
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async listen(channels, handlers) {
      if (closed) throw new Error('the database is closed');
      const inner = await listenOnPostgres(url, channels, handlers);
      const listener: Listener = {
        async close() {
          listeners.delete(listener);
          await inner.close();
        },
      };
      listeners.add(listener);
      return listener;
    },
    async ping() {
      if (closed) return false;
      await pool.query('select 1');
      return true;
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...listeners].map((listener) => listener.close()));
      await pool.end();
    },
  };
}
