import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

// Each text file of the build also written compressed beside it (.br, .gz),
// which the local runner serves as the browser accepts — as CloudFront
// compresses in AWS (scripts/deploy.sh uploads only the originals).
function precompress(): Plugin {
  const text = /\.(js|css|html|svg|json|txt)$/;
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  return {
    name: 'sesame-precompress',
    apply: 'build',
    closeBundle() {
      for (const file of walk('dist').filter((f) => text.test(f))) {
        const bytes = readFileSync(file);
        if (bytes.length < 1024) continue;
        writeFileSync(`${file}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
      }
    },
  };
}

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
  plugins: [precompress()],
  server: { proxy: Object.fromEntries(apiPaths.map((p) => [p, api])) },
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
});
