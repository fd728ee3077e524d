import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm run build:web` builds web/dist. With `--if-stale` (npm start's prestart, the browser test)
 * it builds only when web/dist is missing or was built from other sources: a fresh clone's
 * `npm ci && npm start` serves the pages without a separate step, and web/dist is never committed.
 */
const web = fileURLToPath(new URL('..', import.meta.url));
const root = join(web, '..');
const dist = join(web, 'dist');
const stamp = join(dist, '.sources');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

/** A hash of everything the build reads: the pages' sources and the installed versions. */
export function sourcesHash(): string {
  const hash = createHash('sha256');
  const inputs = [
    ...files(join(web, 'src')),
    ...files(join(web, 'desk')),
    ...files(join(web, 'citizen')),
    join(web, 'vite.config.ts'),
    join(root, 'package-lock.json'),
  ].sort();
  for (const f of inputs) hash.update(f.slice(web.length)).update(readFileSync(f));
  return hash.digest('hex');
}

export function isStale(): boolean {
  return !existsSync(stamp) || readFileSync(stamp, 'utf8') !== sourcesHash();
}

export async function buildWeb(options: { ifStale?: boolean } = {}): Promise<boolean> {
  if (options.ifStale && !isStale()) return false;
  const hash = sourcesHash();
  // Always the production build, whoever calls (jest runs with NODE_ENV=test, which would make
  // Vite bundle React's development build).
  process.env.NODE_ENV = 'production';
  const { build } = await import('vite');
  await build({ configFile: join(web, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  writeFileSync(stamp, hash);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const ifStale = process.argv.includes('--if-stale');
  buildWeb({ ifStale })
    .then((built) => console.log(built ? `web/dist built` : 'web/dist is up to date'))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
