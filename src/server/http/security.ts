import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Security headers for every response. The CSP allows no inline script and no inline
 * style markup; the web app is built to need neither.
 */
export async function registerSecurityHeaders(
  app: FastifyInstance,
  options: { production: boolean },
) {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
        ...(options.production ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: options.production
      ? { maxAge: 63072000, includeSubDomains: true }
      : false,
    crossOriginEmbedderPolicy: false,
  });

  // Nothing an API or login route answers may be kept by a browser or proxy cache.
  app.addHook('onSend', async (request, reply) => {
    const path = request.url;
    if (path.startsWith('/api/') || path.startsWith('/auth/') || path === '/metrics') {
      reply.header('cache-control', 'no-store');
    }
  });
}
