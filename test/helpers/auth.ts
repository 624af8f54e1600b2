import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { DEMO_PASSWORD } from '../../src/server/modules/training/demo-data.ts';
import type { TestApp } from './app.ts';

export type OutboxItem = {
  channel: string;
  to: string;
  subject?: string;
  text: string;
  sentAt: string;
};

/** The session cookie from a response, as a `name=value` pair for the next request. */
export function sessionCookieOf(res: LightMyRequestResponse): string | undefined {
  const cookie = res.cookies.find(
    (c) => c.name === 'samvirke_session' || c.name === '__Host-samvirke',
  );
  return cookie?.value ? `${cookie.name}=${cookie.value}` : undefined;
}

export function post(
  t: TestApp,
  url: string,
  payload: unknown,
  extra: { cookie?: string; ip?: string } = {},
) {
  return t.app.inject({
    method: 'POST',
    url,
    payload: payload as Record<string, unknown>,
    headers: { origin: t.config.publicUrl, ...(extra.cookie ? { cookie: extra.cookie } : {}) },
    remoteAddress: extra.ip ?? '127.0.0.1',
  });
}

export function get(t: TestApp, url: string, cookie?: string) {
  return t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
}

/** Every message the outbox holds for a username, newest first. */
export async function outboxFor(t: TestApp, username: string): Promise<OutboxItem[]> {
  const res = await get(t, `/api/dev/outbox?to=${encodeURIComponent(username)}`);
  expect(res.statusCode).toBe(200);
  return (res.json() as { items: OutboxItem[] }).items;
}

/**
 * Waits for a new code message to a username (codes are sent in the background, so the
 * login reply does not wait for the gateway) and returns the code.
 */
export async function waitForCode(
  t: TestApp,
  username: string,
  seenBefore: number,
): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const items = await outboxFor(t, username);
    if (items.length > seenBefore) {
      const match = /\b(\d{6})\b/.exec(items[0]?.text ?? '');
      if (match?.[1]) return match[1];
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no code reached the outbox for ${username}`);
}

/** The full two-step login; returns the cookie and the ids involved. */
export async function login(
  t: TestApp,
  username: string,
  options: { password?: string; ip?: string } = {},
): Promise<{ cookie: string; challengeId: string; code: string }> {
  const before = (await outboxFor(t, username)).length;
  const start = await post(
    t,
    '/api/auth/login',
    { username, password: options.password ?? DEMO_PASSWORD },
    options.ip ? { ip: options.ip } : {},
  );
  expect(start.statusCode).toBe(200);
  const { challengeId } = start.json() as { challengeId: string };
  const code = await waitForCode(t, username, before);
  const verify = await post(
    t,
    '/api/auth/verify',
    { challengeId, code },
    options.ip ? { ip: options.ip } : {},
  );
  expect(verify.statusCode).toBe(200);
  const cookie = sessionCookieOf(verify);
  if (!cookie) throw new Error('no session cookie after login');
  return { cookie, challengeId, code };
}
