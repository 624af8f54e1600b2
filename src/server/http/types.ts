// Route-level settings every route can declare. A route is private unless it says
// `public: true`; the auth module (identity) enforces that, and a test lists the public ones.
declare module 'fastify' {
  interface FastifyContextConfig {
    public?: boolean;
  }
}

export {};
