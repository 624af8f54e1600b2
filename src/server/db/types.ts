/**
 * The one database interface the whole server uses. Two implementations exist —
 * embedded PGlite and a real PostgreSQL pool — and they run the same SQL.
 */
export type Row = Record<string, unknown>;

/** A statement with an optional name: named statements are prepared once per connection. */
export type Statement = { name?: string; text: string };

export interface Queryable {
  /** One statement with $1…$n parameters; returns the rows. */
  query<T extends Row = Row>(sql: string | Statement, params?: readonly unknown[]): Promise<T[]>;
  /** Several statements without parameters (migrations, fixtures). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction: commit when it resolves, roll back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** true when the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** Postgres type ids whose default JS parsing differs between pg and PGlite. */
export const TYPE_INT8 = 20;
export const TYPE_DATE = 1082;
export const TYPE_NUMERIC = 1700;
