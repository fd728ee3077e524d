import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * `npm run bench:web`: the compressed JavaScript a browser downloads on a first visit, read from
 * the built pages (web/dist, with Vite's manifest): the page's entry and every chunk it imports,
 * gzip -9. Budgets: a first load of the desk at most 200 KB of gzipped JavaScript, whichever page
 * it lands on (sign-in, the link in an email, a queue, intake: issue 25), the citizen's pages (one
 * entry: /file, /track, /rate) at most 60 KB, for slow phones (no framework there, 11 KB). The
 * auditors' figures page (charts, Ant Design) is shown without a budget: it is opened from the desk.
 */
export const BUDGETS_KB = { desk: 200, citizen: 60 } as const;

interface Chunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  name?: string;
  src?: string;
}

export interface PageWeight {
  page: string;
  files: number;
  rawKB: number;
  gzipKB: number;
  budgetKB: number | null;
  /** The JavaScript files weighed (paths under web/dist): what a browser on that page may fetch. */
  js: string[];
}

export function pageWeights(dist = resolve('web/dist')): PageWeight[] {
  const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    Chunk
  >;
  /** A chunk and everything it imports statically: what loading it fetches. */
  const closure = (key: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(key)) return seen;
    seen.add(key);
    for (const k of manifest[key]?.imports ?? []) closure(k, seen);
    return seen;
  };
  const entry = (name: string) => {
    const key = Object.keys(manifest).find((k) => manifest[k]?.isEntry && manifest[k]?.name === name);
    if (!key) throw new Error(`no entry ${name} in the manifest: run npm run build:web`);
    return key;
  };
  const lazy = (suffix: string) => {
    const key = Object.keys(manifest).find((k) => k.endsWith(suffix));
    if (!key) throw new Error(`no chunk ${suffix} in the manifest`);
    return key;
  };
  const weigh = (page: string, keys: Set<string>, budgetKB: number | null): PageWeight => {
    const js = [...keys].map((k) => manifest[k]!.file).filter((f) => f.endsWith('.js'));
    const bytes = js.map((f) => readFileSync(join(dist, f)));
    const kb = (n: number) => Math.round((n / 1024) * 10) / 10;
    return {
      page,
      files: js.length,
      rawKB: kb(bytes.reduce((n, b) => n + b.length, 0)),
      gzipKB: kb(bytes.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0)),
      budgetKB,
      js,
    };
  };
  const desk = closure(entry('desk'));
  const deskWith = (page: string) => closure(lazy(`pages/${page}.tsx`), new Set(desk));
  /** A page that loads with Ant Design's theme and locale (desk/lazy-antd.ts): both chunks. */
  const deskWithAntd = (page: string) => closure(lazy('desk/antd.tsx'), deskWith(page));
  return [
    weigh('desk: sign-in (a first visit)', deskWith('SignInPage'), BUDGETS_KB.desk),
    weigh('desk: an email link (/desk/orders/…)', deskWith('OrderPage'), BUDGETS_KB.desk),
    weigh('desk: a queue (/desk/orders)', deskWith('QueuePage'), BUDGETS_KB.desk),
    weigh('desk: intake (/desk/intake)', deskWith('IntakePage'), BUDGETS_KB.desk),
    weigh('desk: figures (charts, date pickers)', deskWithAntd('FiguresPage'), null),
    weigh('citizen: rating page (/rate)', closure(entry('citizen')), BUDGETS_KB.citizen),
  ];
}

if (process.argv[1]?.endsWith('page-weight.ts')) {
  const weights = pageWeights();
  console.table(weights.map(({ js: _, ...w }) => w));
  const over = weights.filter((w) => w.budgetKB !== null && w.gzipKB > w.budgetKB);
  for (const w of over) console.error(`over budget: ${w.page} ${w.gzipKB} KB > ${w.budgetKB} KB`);
  process.exit(over.length ? 1 : 0);
}
