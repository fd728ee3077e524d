import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Two entries, so a citizen who taps the SMS link loads only the citizen's pages: the staff desk
 * (React, Ant Design, in Chinese) at /desk/, and the citizen's pages (filing, following, rating)
 * at /file, /track and /rate. The server knows only where web/dist is (local/static-pages.ts).
 */
export default defineConfig({
  root: here('.'),
  base: '/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    // .vite/manifest.json: which chunks each entry and each page loads (bench/page-weight.ts reads it).
    manifest: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: { desk: here('desk/index.html'), citizen: here('citizen/index.html') },
      // Ant Design marks its modules "use client" (for React Server Components): meaningless here.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
    },
  },
});
