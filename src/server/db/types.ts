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

/** What a `listen` subscription calls. */
export type ListenHandlers = {
  /** A notification on one of the channels, with its payload as sent. */
  notification(channel: string, payload: string): void;
  /**
   * The connection was lost (PostgreSQL only); it is re-established with backoff. Until
   * `resumed` is called, notifications are missed.
   */
  lost?(error: Error): void;
  /** Listening again after a loss: whatever was sent meanwhile was missed; catch up from the data. */
  resumed?(): void;
};

/** A live LISTEN subscription. */
export interface Listener {
  close(): Promise<void>;
}

/** Channel names are interpolated into LISTEN, so only plain identifiers are accepted. */
export const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction: commit when it resolves, roll back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * LISTENs on the channels. PostgreSQL: a dedicated connection (not from the pool) that
   * reconnects with backoff after errors; notifications from every connection and every
   * instance arrive. PGlite: notifications from inside this process. `pg_notify` in a
   * transaction is delivered at commit, never after a rollback. Resolves once listening.
   */
  listen(channels: readonly string[], handlers: ListenHandlers): Promise<Listener>;
  /** true when the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** Postgres type ids whose default JS parsing differs between pg and PGlite. */
export const TYPE_INT8 = 20;
export const TYPE_DATE = 1082;
export const TYPE_NUMERIC = 1700;
