import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type ProxyOptions } from 'vite';

const apiTarget = `http://127.0.0.1:${process.env.API_PORT ?? 3001}`;

// Paths served by the Fastify app; everything else is the React app.
const proxy: Record<string, ProxyOptions> = Object.fromEntries(
  ['/api', '/auth', '/test-idp', '/metrics'].map((path) => [
    path,
    { target: apiTarget, xfwd: true },
  ]),
);

export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    // Never inline assets as data: URLs, so fonts and images load under a strict CSP.
    assetsInlineLimit: 0,
    rolldownOptions: {
      treeshake: {
        // @digdir/designsystemet-react declares no "sideEffects", so its barrel would pull every
        // component (floating-ui, virtualizer, web components) into the bundle: ~65 KB gzipped.
        // Its modules only define components, so let unused ones go. Components that need
        // @digdir/designsystemet-web (Field, Tabs, Popover, Details, ...) import it themselves;
        // Dialog and ToggleGroup do not: a page using them should `import '@digdir/designsystemet-web'`.
        moduleSideEffects: (id) =>
          id.includes('/node_modules/@digdir/designsystemet-react/') ? false : undefined,
      },
    },
  },
  server: { proxy },
  preview: { proxy },
});
