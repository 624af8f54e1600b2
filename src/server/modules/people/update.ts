import type {
  CodeChannel,
  NotifyChannel,
  UpdatePersonInput,
} from '../../../shared/schemas/people.ts';
import { badRequest } from '../../http/problem.ts';
import type { PersonChanges, PersonRow } from './queries.ts';

export type UpdatePlan = {
  next: PersonChanges;
  /** Names of the fields whose value changes (API names), for the audit record. */
  changed: (keyof PersonChanges)[];
  contactChanged: boolean;
};

const FIELDS = ['name', 'mobile', 'email', 'codeChannel', 'notifyChannel', 'language'] as const;

/**
 * What a PATCH changes. `null` removes a mobile or an e-mail, but one of them must stay.
 * A channel left without its address moves to the other one when the request did not
 * name it; a channel the request names must have its address (else 400 naming it).
 */
export function planUpdate(row: PersonRow, input: UpdatePersonInput): UpdatePlan {
  const mobile = input.mobile === undefined ? row.mobile : input.mobile;
  const email = input.email === undefined ? row.email : input.email;
  if (mobile === null && email === null) {
    const field = input.mobile === null ? 'mobile' : 'email';
    throw badRequest([{ field, message: 'keep a mobile number or an e-mail address' }]);
  }
  const has = { sms: mobile !== null, email: email !== null, none: true };
  const fallback: CodeChannel = mobile !== null ? 'sms' : 'email';

  let codeChannel: CodeChannel = input.codeChannel ?? row.codeChannel;
  if (!has[codeChannel]) {
    if (input.codeChannel !== undefined) {
      throw badRequest([{ field: 'codeChannel', message: addressNeeded(codeChannel) }]);
    }
    codeChannel = fallback;
  }
  let notifyChannel: NotifyChannel = input.notifyChannel ?? row.notifyChannel;
  if (!has[notifyChannel]) {
    if (input.notifyChannel !== undefined) {
      throw badRequest([{ field: 'notifyChannel', message: addressNeeded(notifyChannel) }]);
    }
    notifyChannel = fallback;
  }

  const next: PersonChanges = {
    name: input.name ?? row.name,
    mobile,
    email,
    codeChannel,
    notifyChannel,
    language: input.language ?? row.language,
  };
  const changed = FIELDS.filter((field) => next[field] !== row[field]);
  return {
    next,
    changed,
    contactChanged: changed.includes('mobile') || changed.includes('email'),
  };
}

function addressNeeded(channel: NotifyChannel): string {
  return channel === 'email' ? 'needs an e-mail address' : 'needs a mobile number';
}
