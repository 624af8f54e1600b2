import type { ConsentKind } from '../../../shared/consent-texts.ts';
import type { Queryable } from '../../db/index.ts';
import { type Cursor, cursorColumn, todayInNorway } from './present.ts';

/** SQL of consents: to the plan, and to sharing with one participant. */

export type ConsentRow = {
  id: string;
  planId: string;
  kind: ConsentKind;
  participantId: string | null;
  givenById: string;
  givenByName: string;
  method: 'digital' | 'paper';
  givenOn: string;
  textVersion: string;
  text: string;
  recordedById: string;
  recordedByName: string;
  createdAt: Date;
  withdrawnAt: Date | null;
  cursorAt: string;
};

const COLUMNS = `c.id, c.plan_id as "planId", c.kind, c.participant_id as "participantId",
  c.given_by as "givenById", g.name as "givenByName", c.method, c.given_on as "givenOn",
  c.text_version as "textVersion", c.consent_text as text, c.recorded_by as "recordedById",
  r.name as "recordedByName", c.created_at as "createdAt", c.withdrawn_at as "withdrawnAt",
  ${cursorColumn('c.created_at')} as "cursorAt"`;
const NAMES = 'join people g on g.id = c.given_by join people r on r.id = c.recorded_by';

export async function listConsents(
  db: Queryable,
  planId: string,
  before: Cursor | null,
  limit: number,
): Promise<ConsentRow[]> {
  return db.query<ConsentRow>(
    {
      name: 'consents-list',
      text: `select ${COLUMNS} from consents c ${NAMES}
        where c.plan_id = $1
          and ($2::timestamptz is null or (c.created_at, c.id) < ($2::timestamptz, $3::uuid))
        order by c.created_at desc, c.id desc
        limit $4`,
    },
    [planId, before?.at ?? null, before?.id ?? null, limit],
  );
}

/** A consent of this plan; null for an id of another plan (Z12). */
export async function consentInPlan(
  db: Queryable,
  planId: string,
  id: string,
): Promise<ConsentRow | null> {
  const rows = await db.query<ConsentRow>(
    {
      name: 'consents-in-plan',
      text: `select ${COLUMNS} from consents c ${NAMES} where c.id = $2 and c.plan_id = $1`,
    },
    [planId, id],
  );
  return rows[0] ?? null;
}

/** Is a consent of this kind (for this participant) in force? */
export async function liveConsentExists(
  db: Queryable,
  planId: string,
  kind: ConsentKind,
  participantId: string | null,
): Promise<boolean> {
  const rows = await db.query(
    {
      name: 'consents-live',
      text: `select 1 from consents where plan_id = $1 and kind = $2 and withdrawn_at is null
          and participant_id is not distinct from $3::uuid limit 1`,
    },
    [planId, kind, participantId],
  );
  return rows.length > 0;
}

export type NewConsent = {
  planId: string;
  kind: ConsentKind;
  participantId: string | null;
  givenBy: string;
  method: 'digital' | 'paper';
  /** null: today (a consent given in the system). */
  givenOn: string | null;
  textVersion: string;
  text: string;
  recordedBy: string;
};

export async function insertConsent(db: Queryable, c: NewConsent): Promise<ConsentRow> {
  const rows = await db.query<ConsentRow>(
    {
      name: 'consents-insert',
      text: `with c as (
          insert into consents (plan_id, kind, participant_id, given_by, method, given_on,
            text_version, consent_text, recorded_by)
          values ($1, $2, $3, $4, $5, $6::date, $7, $8, $9)
          returning *)
        select ${COLUMNS} from c ${NAMES}`,
    },
    [
      c.planId,
      c.kind,
      c.participantId,
      c.givenBy,
      c.method,
      // Today in Norway, not the database's UTC date: a consent given at 00:30 is today's.
      c.givenOn ?? todayInNorway(),
      c.textVersion,
      c.text,
      c.recordedBy,
    ],
  );
  const row = rows[0];
  if (!row) throw new Error('insert into consents returned no row');
  return row;
}

/** Withdraws the consent now; null when it already was. */
export async function withdrawConsent(
  db: Queryable,
  id: string,
  withdrawnBy: string,
): Promise<ConsentRow | null> {
  const rows = await db.query<ConsentRow>(
    {
      name: 'consents-withdraw',
      text: `with c as (
          update consents set withdrawn_at = now(), withdrawn_by = $2
          where id = $1 and withdrawn_at is null returning *)
        select ${COLUMNS} from c ${NAMES}`,
    },
    [id, withdrawnBy],
  );
  return rows[0] ?? null;
}

/** Is the person a guardian taking part in the plan now (not removed, not expired)? */
export async function isActiveGuardian(
  db: Queryable,
  planId: string,
  personId: string,
): Promise<boolean> {
  const rows = await db.query(
    {
      name: 'consents-active-guardian',
      text: `select 1 from participants where plan_id = $1 and person_id = $2 and role = 'guardian'
          and removed_at is null and (valid_until is null or valid_until > now())`,
    },
    [planId, personId],
  );
  return rows.length > 0;
}
