import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';

/**
 * Binds a login to the browser that started it (RFC 6749 §10.12, login CSRF): the
 * `state` values of the browser's logins in progress live in a short-lived HttpOnly
 * cookie, and the callback accepts only a state found there. Several tabs may log in at
 * once; the newest few are kept.
 */
const KEEP = 3;
const STATE = /^[A-Za-z0-9_-]{16,128}$/;

function cookieName(config: Pick<Config, 'publicUrl'>): string {
  return config.publicUrl.startsWith('https://') ? '__Host-samvirke-login' : 'samvirke_login';
}

export function boundStates(request: FastifyRequest, config: Config): string[] {
  const value = request.cookies[cookieName(config)] ?? '';
  return value.split('.').filter((state) => STATE.test(state));
}

function write(reply: FastifyReply, config: Config, states: string[]): void {
  const secure = config.publicUrl.startsWith('https://');
  if (states.length === 0) {
    reply.clearCookie(cookieName(config), { path: '/', httpOnly: true, sameSite: 'lax', secure });
    return;
  }
  reply.setCookie(cookieName(config), states.join('.'), {
    path: '/',
    httpOnly: true,
    // Lax: sent on the top-level redirect back from ID-porten, not on cross-site subrequests.
    sameSite: 'lax',
    secure,
    maxAge: 600,
  });
}

export function bindState(
  request: FastifyRequest,
  reply: FastifyReply,
  config: Config,
  state: string,
): void {
  write(reply, config, [...boundStates(request, config), state].slice(-KEEP));
}

export function unbindState(
  request: FastifyRequest,
  reply: FastifyReply,
  config: Config,
  state: string,
): void {
  write(
    reply,
    config,
    boundStates(request, config).filter((one) => one !== state),
  );
}
