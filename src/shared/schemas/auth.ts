import { z } from 'zod';

/** Request and response bodies of the authentication API, shared with the web forms. */

export const LoginBody = z.strictObject({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(1024),
});

export const ChallengeReply = z.object({
  challengeId: z.uuid(),
  channel: z.enum(['sms', 'email']),
  destination: z.string(),
});

export const VerifyBody = z.strictObject({
  challengeId: z.uuid(),
  code: z.string().min(1).max(20),
});

export const VerifyReply = z.object({ user: z.object({ id: z.uuid(), name: z.string() }) });

export const PasswordCodeBody = z.strictObject({ username: z.string().min(1).max(100) });

export const SetPasswordBody = z.strictObject({
  challengeId: z.uuid(),
  code: z.string().min(1).max(20),
  password: z.string().min(1).max(1024),
});

export const MeReply = z.object({
  id: z.uuid(),
  name: z.string(),
  username: z.string(),
  roles: z.array(z.string()),
  organizations: z.array(z.object({ id: z.uuid(), name: z.string() })),
  authMethod: z.enum(['idporten', 'password']),
  session: z.object({ idleMinutes: z.number().int(), expiresAt: z.iso.datetime({ offset: true }) }),
});
export type Me = z.infer<typeof MeReply>;

export const LogoutReply = z.object({ endSessionUrl: z.string().optional() });
