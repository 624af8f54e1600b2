import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Interaction, InteractionResults, Provider } from 'oidc-provider';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/index.ts';
import { ACR_HIGH, ACR_SUBSTANTIAL, errorPage, loginPage } from './pages.ts';
import { listTestPeople } from './people.ts';
import { TEST_IDP_PATH } from './provider.ts';

type Deps = { config: Config; db: Db; provider: Provider };

const PID = /^\d{11}$/;
const HTML = 'text/html; charset=utf-8';

/**
 * The app's `Referrer-Policy: no-referrer` makes browsers send `Origin: null` with a plain
 * HTML form post, which the app's Origin check refuses; `same-origin` keeps referrers
 * inside the site and lets these forms say where they come from.
 */
function htmlPage(reply: FastifyReply, status: number) {
  return reply.code(status).type(HTML).header('referrer-policy', 'same-origin');
}

/**
 * The test ID-porten's own login page: pick a registered person or type any 11-digit
 * number, choose the security level, and the provider issues `pid`, `acr`,
 * `amr: ['TestID']` and `sid` like ID-porten does. Consent is implied (as in ID-porten).
 */
export async function registerInteractionRoutes(scope: FastifyInstance, deps: Deps): Promise<void> {
  const { config, db, provider } = deps;
  await scope.register(formbody);
  const route = { config: { public: true }, schema: { hide: true } };
  const base = `${TEST_IDP_PATH}/interaction/:uid`;

  const detailsOf = async (
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<Interaction | null> => {
    try {
      const details = await provider.interactionDetails(request.raw, reply.raw);
      const { uid } = request.params as { uid: string };
      return details.uid === uid ? details : null;
    } catch {
      return null;
    }
  };

  const expired = (reply: FastifyReply) =>
    reply
      .code(400)
      .type(HTML)
      .send(
        errorPage(
          TEST_IDP_PATH,
          'interaction_expired',
          'Innloggingen er utløpt / the login has expired',
        ),
      );

  const finish = async (
    request: FastifyRequest,
    reply: FastifyReply,
    result: InteractionResults,
  ) => {
    reply.hijack();
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined) reply.raw.setHeader(name, value);
    }
    await provider.interactionFinished(request.raw, reply.raw, result, {
      mergeWithLastSubmission: false,
    });
  };

  const login = async (
    request: FastifyRequest,
    reply: FastifyReply,
    details: Interaction,
    pid: string,
    acr: string,
  ) => {
    const clientId = details.params.client_id;
    if (typeof clientId !== 'string') return expired(reply);
    const grant = new provider.Grant({ accountId: pid, clientId });
    grant.addOIDCScope('openid');
    const grantId = await grant.save();
    return finish(request, reply, {
      login: { accountId: pid, acr, amr: ['TestID'] },
      consent: { grantId },
    });
  };

  const render = async (reply: FastifyReply, details: Interaction, error?: { otherPid: string }) =>
    htmlPage(reply, 200).send(
      loginPage({
        prefix: TEST_IDP_PATH,
        uid: details.uid,
        people: await listTestPeople(db, config),
        acr: requestedAcr(details.params.acr_values),
        ...(error ? { error } : {}),
      }),
    );

  scope.get(base, route, async (request, reply) => {
    const details = await detailsOf(request, reply);
    if (!details) return expired(reply);
    // Already logged in at the provider (single sign-on) but a grant is missing: grant it.
    const accountId = details.session?.accountId;
    if (details.prompt.name !== 'login' && accountId && PID.test(accountId)) {
      return login(request, reply, details, accountId, ACR_HIGH);
    }
    return render(reply, details);
  });

  scope.post(`${base}/login`, route, async (request, reply) => {
    const details = await detailsOf(request, reply);
    if (!details) return expired(reply);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const pid = typeof body.pid === 'string' ? body.pid.replace(/\s/g, '') : '';
    const acr = body.acr === ACR_SUBSTANTIAL ? ACR_SUBSTANTIAL : ACR_HIGH;
    if (!PID.test(pid)) return render(reply, details, { otherPid: pid.slice(0, 20) });
    return login(request, reply, details, pid, acr);
  });

  scope.post(`${base}/abort`, route, async (request, reply) => {
    const details = await detailsOf(request, reply);
    if (!details) return expired(reply);
    return finish(request, reply, {
      error: 'access_denied',
      error_description: 'End-User aborted interaction',
    });
  });
}

/** The level the client asked for: high unless it asked for substantial only. */
function requestedAcr(acrValues: unknown): string {
  if (typeof acrValues !== 'string') return ACR_HIGH;
  const asked = acrValues.split(' ');
  return asked.includes(ACR_SUBSTANTIAL) && !asked.includes(ACR_HIGH) ? ACR_SUBSTANTIAL : ACR_HIGH;
}
