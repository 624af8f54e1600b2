import { checkNationalId } from '../../../shared/national-id.ts';
import type { CreatePersonInput, RegisteredPersonView } from '../../../shared/schemas/people.ts';
import { administeredOrganizations, mayInOrganization, mayOnPerson } from '../../access/index.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/index.ts';
import { badRequest, forbidden, HttpProblem } from '../../http/problem.ts';
import { encryptField, lookupHash } from '../../security/crypto.ts';
import { type AuditContext, recordAudit } from '../audit/service.ts';
import type { Delivery } from '../delivery/service.ts';
import { issueInvitation, sendInvitation } from './invitations.ts';
import { isUniqueViolation, type PeopleLog, presentPerson, roleIn } from './present.ts';
import { insertPerson, insertStaffRole, nationalIdTaken } from './queries.ts';
import { freeUsername } from './username.ts';

export type RegisterDeps = { config: Config; db: Db; delivery: Delivery; log: PeopleLog };

const alreadyRegistered = () =>
  new HttpProblem(409, { detail: 'This national id already has an account' });

/** The organisation a new account goes into: given, or the actor's only one. */
function targetOrganization(actor: Actor, given: string | undefined): string {
  const administered = administeredOrganizations(actor);
  if (administered.length === 0) {
    throw forbidden('Only coordinators and organisation administrators register people');
  }
  let organizationId = given;
  if (organizationId === undefined) {
    if (administered.length > 1) {
      throw badRequest([{ field: 'organizationId', message: 'choose the organisation' }]);
    }
    organizationId = administered[0] as string;
  }
  if (!mayInOrganization(actor, 'person.register', organizationId)) {
    throw forbidden('You do not register people in that organisation');
  }
  return organizationId;
}

/**
 * Registers an account from the authorisation form: checks permissions and fields,
 * stores the national id encrypted (with a keyed hash for look-ups), generates the
 * username, records the invitation and the audit entry in one transaction, then sends
 * the invitation link.
 */
export async function registerPerson(
  deps: RegisterDeps,
  context: AuditContext,
  actor: Actor,
  input: CreatePersonInput,
): Promise<RegisteredPersonView> {
  const { config, db } = deps;
  const organizationId = targetOrganization(actor, input.organizationId);
  if (
    input.staffRole !== undefined &&
    !mayOnPerson(actor, 'person.grantStaffRole', { id: '', organizationId })
  ) {
    throw forbidden('Only an organisation administrator gives staff roles');
  }

  const check = checkNationalId(input.nationalId);
  if (!check.valid) {
    throw badRequest([{ field: 'nationalId', message: 'is not a valid national id' }]);
  }
  if (check.kind === 'synthetic' && config.mode === 'production') {
    throw badRequest([{ field: 'nationalId', message: 'test numbers are not accepted here' }]);
  }
  const mobile = input.mobile ?? null;
  const email = input.email ?? null;
  const codeChannel = input.codeChannel ?? (mobile ? 'sms' : 'email');
  if (codeChannel === 'sms' && !mobile) {
    throw badRequest([{ field: 'codeChannel', message: 'needs a mobile number' }]);
  }
  if (codeChannel === 'email' && !email) {
    throw badRequest([{ field: 'codeChannel', message: 'needs an e-mail address' }]);
  }

  const nationalIdHash = lookupHash(config.secrets.lookupHashKey, input.nationalId);
  const nationalIdEnc = encryptField(config.secrets.dataEncryptionKey, input.nationalId);

  // A username taken between the look-up and the insert (a concurrent registration of
  // the same name) aborts the transaction; try again with the next free one.
  for (let attempt = 1; ; attempt += 1) {
    try {
      const created = await db.transaction(async (tx) => {
        if (await nationalIdTaken(tx, nationalIdHash)) throw alreadyRegistered();
        const row = await insertPerson(tx, {
          organizationId,
          name: input.name,
          username: await freeUsername(tx, input.name),
          nationalIdEnc,
          nationalIdHash,
          mobile,
          email,
          codeChannel,
          notifyChannel: codeChannel,
          language: input.language ?? 'nb',
        });
        if (input.staffRole) await insertStaffRole(tx, row.id, organizationId, input.staffRole);
        const invitation = await issueInvitation(tx, row.id);
        await recordAudit(tx, context, {
          action: 'person.created',
          objectId: row.id,
          organizationId,
          actorRole: roleIn(actor, organizationId),
          details: { staffRole: input.staffRole ?? null, codeChannel },
        });
        return { row, invitation };
      });
      const invitationSent = await sendInvitation(deps, created.row, created.invitation);
      return {
        ...presentPerson(created.row, config.secrets.dataEncryptionKey),
        invitationSent,
      };
    } catch (error) {
      if (isUniqueViolation(error, 'people_national_id_hash_key')) throw alreadyRegistered();
      if (isUniqueViolation(error, 'people_username_key') && attempt < 5) continue;
      throw error;
    }
  }
}
