import { z } from 'zod';
import { cleanName, normaliseMobile } from '../contact.ts';
import { checkNationalId, normaliseNationalId } from '../national-id.ts';

/**
 * Request and response bodies of /api/people, shared by the server (route schemas) and
 * the web app (forms). Field checks live here so that both sides say the same thing; the
 * server adds what only it can know (production mode, existing accounts, permissions).
 */

export const CODE_CHANNELS = ['sms', 'email'] as const;
export const NOTIFY_CHANNELS = ['sms', 'email', 'none'] as const;
export const PERSON_LANGUAGES = ['nb', 'nn', 'en'] as const;
export const STAFF_ROLES = ['coordinator', 'org_admin', 'trainer'] as const;
export const PERSON_STATUSES = ['invited', 'active', 'deactivated'] as const;

export type CodeChannel = (typeof CODE_CHANNELS)[number];
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];
export type PersonLanguage = (typeof PERSON_LANGUAGES)[number];
export type PersonStatus = (typeof PERSON_STATUSES)[number];

export const NAME_MAX = 200;
export const EMAIL_MAX = 254;
const LINE_BREAK = /[\r\n\u2028\u2029]/;

const NATIONAL_ID_MESSAGES = {
  format: 'must be 11 digits',
  date: 'does not start with a valid date',
  checksum: 'has wrong check digits',
} as const;

/** A person's name: line breaks refused (I5), invisible and direction characters removed (I9). */
export const PersonName = z
  .string()
  .max(1000, { error: `must be at most ${NAME_MAX} characters` })
  .transform((value, ctx) => {
    if (LINE_BREAK.test(value)) {
      ctx.addIssue({ code: 'custom', message: 'must be on one line' });
      return z.NEVER;
    }
    const cleaned = cleanName(value);
    if (cleaned.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'must not be empty' });
      return z.NEVER;
    }
    if (cleaned.length > NAME_MAX) {
      ctx.addIssue({ code: 'custom', message: `must be at most ${NAME_MAX} characters` });
      return z.NEVER;
    }
    return cleaned;
  });

/** Fødselsnummer or d-nummer (spaces allowed as typed), checked and normalised to 11 digits. */
export const NationalId = z
  .string()
  .max(20, { error: NATIONAL_ID_MESSAGES.format })
  .transform((value, ctx) => {
    const check = checkNationalId(value);
    if (!check.valid) {
      ctx.addIssue({ code: 'custom', message: NATIONAL_ID_MESSAGES[check.reason] });
      return z.NEVER;
    }
    return normaliseNationalId(value);
  });

/** A mobile number, Norwegian unless it has a country code; stored in E.164. */
export const Mobile = z
  .string()
  .max(30, { error: 'must be a mobile phone number' })
  .transform((value, ctx) => {
    const mobile = normaliseMobile(value);
    if (mobile === null) {
      ctx.addIssue({ code: 'custom', message: 'must be a mobile phone number' });
      return z.NEVER;
    }
    return mobile;
  });

/** One plain e-mail address; no line breaks (they would reach mail headers). */
export const Email = z
  .email({ error: 'must be an e-mail address', abort: true })
  .max(EMAIL_MAX, { error: `must be at most ${EMAIL_MAX} characters`, abort: true })
  .refine((value) => !LINE_BREAK.test(value), { error: 'must be on one line', abort: true });

export const CreatePersonBody = z
  .strictObject({
    name: PersonName,
    nationalId: NationalId,
    mobile: Mobile.optional(),
    email: Email.optional(),
    organizationId: z.uuid({ error: 'must be an organisation id' }).optional(),
    codeChannel: z.enum(CODE_CHANNELS).optional(),
    language: z.enum(PERSON_LANGUAGES).optional(),
    staffRole: z.enum(STAFF_ROLES).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.mobile === undefined && body.email === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['mobile'],
        message: 'give a mobile number or an e-mail address',
      });
    }
  });
export type CreatePersonInput = z.output<typeof CreatePersonBody>;

/** PATCH: the changed fields and the `version` read. `null` removes a mobile or an e-mail. */
export const UpdatePersonBody = z.strictObject({
  version: z.int({ error: 'must be the version you read' }).min(1),
  name: PersonName.optional(),
  mobile: Mobile.nullable().optional(),
  email: Email.nullable().optional(),
  codeChannel: z.enum(CODE_CHANNELS).optional(),
  notifyChannel: z.enum(NOTIFY_CHANNELS).optional(),
  language: z.enum(PERSON_LANGUAGES).optional(),
});
export type UpdatePersonInput = z.output<typeof UpdatePersonBody>;

export const SEARCH_LIMIT_MAX = 200;

export const PersonSearchQuery = z.strictObject({
  /** A name fragment, or an 11-digit national id (exact match). */
  query: z.string().max(200).optional(),
  limit: z.coerce
    .number({ error: `must be a whole number from 1 to ${SEARCH_LIMIT_MAX}` })
    .int({ error: `must be a whole number from 1 to ${SEARCH_LIMIT_MAX}` })
    .min(1, { error: `must be a whole number from 1 to ${SEARCH_LIMIT_MAX}` })
    .max(SEARCH_LIMIT_MAX, { error: `must be a whole number from 1 to ${SEARCH_LIMIT_MAX}` })
    .default(50),
  before: z.string().max(200).optional(),
});
export type PersonSearchInput = z.output<typeof PersonSearchQuery>;

/** Any string: a malformed id is answered 404 like an unknown one, never 400. */
export const PersonIdParams = z.strictObject({ id: z.string() });

// ---------------------------------------------------------------- responses

/** A person's whole account: only for the person and the staff who administer it. */
export const Person = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  status: z.enum(PERSON_STATUSES),
  organizationId: z.string(),
  nationalId: z.string(),
  mobile: z.string().nullable(),
  email: z.string().nullable(),
  codeChannel: z.enum(CODE_CHANNELS),
  notifyChannel: z.enum(NOTIFY_CHANNELS),
  language: z.enum(PERSON_LANGUAGES),
  version: z.int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deactivatedAt: z.string().nullable(),
});
export type PersonView = z.output<typeof Person>;

/** The answer to a registration: the account, and whether the invitation went out. */
export const RegisteredPerson = Person.extend({ invitationSent: z.boolean() });
export type RegisteredPersonView = z.output<typeof RegisteredPerson>;

/** A search hit: never a national id, phone or e-mail (Z11). */
export const PersonSummary = z.object({
  id: z.string(),
  name: z.string(),
  username: z.string(),
  status: z.enum(PERSON_STATUSES),
});
export type PersonSummaryView = z.output<typeof PersonSummary>;

export const PersonList = z.object({
  items: z.array(PersonSummary),
  next: z.string().nullable(),
});
export type PersonListView = z.output<typeof PersonList>;
