import type { Config } from '../../config.ts';
import type { Queryable } from '../../db/index.ts';
import { randomToken, sha256 } from '../../security/crypto.ts';
import type { Delivery } from '../delivery/service.ts';
import type { PeopleLog } from './present.ts';
import { expireInvitations, insertInvitation, type PersonRow } from './queries.ts';

export type IssuedInvitation = { id: string; token: string };

/**
 * A new invitation for a person; older unused ones stop working. Only the token's hash is
 * stored; the token travels in the link and nowhere else. Run inside the caller's
 * transaction.
 */
export async function issueInvitation(tx: Queryable, personId: string): Promise<IssuedInvitation> {
  await expireInvitations(tx, personId);
  const token = randomToken();
  const id = await insertInvitation(tx, personId, sha256(token));
  return { id, token };
}

/**
 * Sends the invitation link by SMS to the mobile, or else by e-mail, in the person's
 * language. Called after the commit (delivery writes through its own connection). A
 * failure is logged without personal data and reported as `false`: staff can send
 * a new invitation.
 */
export async function sendInvitation(
  deps: { config: Config; delivery: Delivery; log: PeopleLog },
  person: PersonRow,
  invitation: IssuedInvitation,
): Promise<boolean> {
  const channel = person.mobile ? 'sms' : 'email';
  const to = person.mobile ?? person.email;
  if (!to) return false;
  try {
    const result = await deps.delivery.send({
      personId: person.id,
      channel,
      to,
      template: 'invitation',
      params: { link: `${deps.config.publicUrl}/invitasjon/${invitation.token}` },
      lang: person.language,
      idempotencyKey: `invitation:${invitation.id}`,
    });
    return result.status !== 'failed';
  } catch (error) {
    deps.log.warn(
      { personId: person.id, template: 'invitation', error: errorName(error) },
      'invitation not sent',
    );
    return false;
  }
}

/** Tells the old address(es) that contact information changed (A17). Never throws. */
export async function sendContactChanged(
  deps: { delivery: Delivery; log: PeopleLog },
  person: PersonRow,
  oldAddresses: { sms: string | null; email: string | null },
): Promise<void> {
  for (const channel of ['sms', 'email'] as const) {
    const to = oldAddresses[channel];
    if (!to) continue;
    try {
      await deps.delivery.send({
        personId: person.id,
        channel,
        to,
        template: 'contact-changed',
        params: {},
        lang: person.language,
        idempotencyKey: `contact-changed:${person.id}:${person.version}:${channel}`,
      });
    } catch (error) {
      deps.log.warn(
        { personId: person.id, template: 'contact-changed', error: errorName(error) },
        'contact change notice not sent',
      );
    }
  }
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'unknown';
}
