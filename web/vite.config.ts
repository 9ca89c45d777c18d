// Vite config for the Lathe studio. `npm run dev` serves on :5173 and proxies the API to a
// running `lathe serve` on 127.0.0.1:8080; `npm run build` writes dist/ (or $LATHE_WEB_DIST, which
// the CMake build sets to a folder in its build tree), and that folder is embedded in the binary.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

declare const process: { env: Record<string, string | undefined> }; // no @types/node needed

const backend = process.env.LATHE_BACKEND ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  base: '/',
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': backend,
      '/healthz': backend,
      '/readyz': backend,
      '/metrics': backend,
      '^/endpoints/[^/]+/invocations': backend, // SageMaker-style invocations (the playground)
      // AWS JSON 1.1 (Comprehend batch and custom models) is POST /; GET / stays the dev app.
      '^/$': { target: backend, bypass: (req) => (req.method === 'POST' ? null : req.url) },
    },
  },
  build: {
    outDir: process.env.LATHE_WEB_DIST || 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    sourcemap: false,
    // The budget is enforced by scripts/check-bundle-size.mjs on gzip sizes.
    chunkSizeWarningLimit: 1500,
  },
});
