import { execFileSync } from 'node:child_process';
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

/**
 * web/src/api/rules.ts (and schema.d.ts) from the OpenAPI document, first: the pages import the
 * API's own patterns at run time, so a fresh clone builds, and a changed rule rebuilds the pages.
 */
function generateApiFiles(): void {
  execFileSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'scripts/openapi.ts'), 'gen'], {
    cwd: root,
    stdio: 'ignore',
  });
}

export async function buildWeb(options: { ifStale?: boolean } = {}): Promise<boolean> {
  generateApiFiles();
  if (options.ifStale && !isStale()) return false;
  const hash = sourcesHash();
  // Always the production build, whoever calls (jest runs with NODE_ENV=test, which would make
  // Vite bundle React's development build).
  process.env.NODE_ENV = 'production';
  const { build } = await import('vite');
  await build({ configFile: join(web, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  writeEntryDispatcher();
  writeFileSync(stamp, hash);
  return true;
}

/**
 * The root `index.html` and `/entry.js`: CloudFront answers a deep link it has no file for (an
 * emailed `/desk/orders/GD…`, an SMS `/rate?token=…`) with `/index.html`, one page for every path,
 * so that page loads the desk's or the citizen's entry by the path. A script file, not an inline
 * one: the distribution's Content-Security-Policy allows scripts from 'self' only.
 */
function writeEntryDispatcher(): void {
  const entryOf = (page: 'desk' | 'citizen') => {
    const html = readFileSync(join(dist, page, 'index.html'), 'utf8');
    return {
      title: /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '',
      src: /<script type="module"[^>]*src="([^"]+)"/.exec(html)?.[1] ?? '',
      styles: [...html.matchAll(/<link rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => m[1]),
      inlineStyle: /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '',
    };
  };
  const entries = { desk: entryOf('desk'), citizen: entryOf('citizen') };
  writeFileSync(
    join(dist, 'entry.js'),
    `(function () {
  var entries = ${JSON.stringify(entries)};
  var e = location.pathname.indexOf('/desk') === 0 ? entries.desk : entries.citizen;
  document.title = e.title;
  e.styles.forEach(function (href) {
    var l = document.createElement('link');
    l.rel = 'stylesheet';
    l.href = href;
    document.head.appendChild(l);
  });
  if (e.inlineStyle) {
    var s = document.createElement('style');
    s.textContent = e.inlineStyle;
    document.head.appendChild(s);
  }
  var m = document.createElement('script');
  m.type = 'module';
  m.crossOrigin = '';
  m.src = e.src;
  document.head.appendChild(m);
})();
`,
  );
  writeFileSync(
    join(dist, 'index.html'),
    '<!doctype html>\n<html lang="zh-CN">\n  <head>\n    <meta charset="UTF-8" />\n    <meta name="viewport" content="width=device-width, initial-scale=1" />\n    <title>民意中心</title>\n    <link rel="icon" href="data:," />\n    <script src="/entry.js"></script>\n  </head>\n  <body>\n    <div id="root"></div>\n  </body>\n</html>\n',
  );
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
