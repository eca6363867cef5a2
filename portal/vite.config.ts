import { defineConfig } from 'vitest/config';

// The portal is served on the same origin as the API (the local runner,
// CloudFront in AWS), so it calls the API with relative URLs. `vite dev`
// proxies the API routes to a running `scripts/run.sh`.
const api = 'http://127.0.0.1:' + (process.env.SESAME_PORT ?? '3000');
const apiPaths = [
  '/sessions',
  '/activation',
  '/registrations',
  '/password-resets',
  '/me',
  '/orgs',
  '/permissions',
  '/access-requests',
  '/operator',
  '/openapi.json',
  '/_outbox',
];

export default defineConfig({
  build: { target: 'es2022', sourcemap: false },
  server: { proxy: Object.fromEntries(apiPaths.map((p) => [p, api])) },
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
});
