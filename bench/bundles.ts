import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { ROUTE_LIST } from '../functions/api/routes';
import {
  BUNDLE_BUDGET_BYTES,
  BUNDLE_DEFINES,
  ESM_BANNER,
  EXTERNAL_MODULES,
} from '../infra/constructs/minyi-function';
import { esbuildTarget, LAMBDA_PLATFORMS } from '../infra/lambda-platforms';
import { median, spread } from './stats';

/**
 * Every function's bundle as MinyiFunction builds it (ESM, minified, source maps, SDK and
 * the lazy modules external), its size, and the cost of importing it in a fresh Node process:
 * against the floor every function pays anyway, a bare import of @aws-sdk/client-dynamodb and
 * lib-dynamodb, in the same rounds, interleaved (floor, then each bundle, then each bundle with
 * --enable-source-maps), so that the machine's load falls on all sides alike. Each ratio is the
 * median of the per-round ratios, with their middle half (25th-75th percentile) beside it.
 * `withMapsRatio` is what NODE_OPTIONS=--enable-source-maps would cost: why the functions read
 * their map only when an error is reported (functions/commons/source-maps.ts).
 */
export const FUNCTION_ENTRIES = [
  ...new Set(ROUTE_LIST.map((r) => `functions/api/${r.entry}.ts`)),
  'functions/workflow/tick.ts',
  'functions/scheduled/rollup.ts',
  'functions/scheduled/resume-open-orders.ts',
  'functions/scheduled/erase-personal-data.ts',
];

// Inside the project, so that the bundles find @aws-sdk in node_modules as they do in the Lambda runtime.
const OUT = join(process.cwd(), 'node_modules', '.cache', 'minyi-bench-bundles');

export interface BundleRow {
  fn: string;
  kb: number;
  budgetKb: number;
  importMs: number;
  ratio: number;
  ratioSpread: string;
  withMapsRatio: number;
}

export async function measureBundles(
  // 31: with 15 the middle half of a ratio spanned 0.2 on a shared 2-core machine, wider than what it judges.
  rounds = Number(process.env.BENCH_IMPORT_ROUNDS ?? 31),
): Promise<BundleRow[]> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const files: Record<string, string> = {};
  for (const entry of FUNCTION_ENTRIES) {
    const outfile = join(OUT, `${entry.replace(/[/.]/g, '_')}.mjs`);
    await build({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: esbuildTarget(LAMBDA_PLATFORMS.aws.runtimes[0]),
      minify: true,
      sourcemap: true,
      mainFields: ['module', 'main'],
      external: [...EXTERNAL_MODULES],
      define: BUNDLE_DEFINES,
      banner: { js: ESM_BANNER },
      outfile,
      logLevel: 'error',
    });
    files[entry] = outfile;
  }
  const floor: number[] = [];
  const plain: Record<string, number[]> = Object.fromEntries(FUNCTION_ENTRIES.map((e) => [e, []]));
  const maps: Record<string, number[]> = Object.fromEntries(FUNCTION_ENTRIES.map((e) => [e, []]));
  for (let round = 0; round < rounds; round++) {
    floor.push(importMs(['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb']));
    for (const entry of FUNCTION_ENTRIES) {
      plain[entry]!.push(importMs([pathToFileURL(files[entry]!).href]));
      maps[entry]!.push(importMs([pathToFileURL(files[entry]!).href], ['--enable-source-maps']));
    }
  }
  // Ratios per round (each bundle against the floor of its own round), then their median.
  const floorMedian = median(floor);
  return FUNCTION_ENTRIES.map((entry) => {
    const ratios = plain[entry]!.map((v, i) => v / floor[i]!);
    const mapRatios = maps[entry]!.map((v, i) => v / floor[i]!);
    return {
      fn: entry,
      kb: Math.round(statSync(files[entry]!).size / 1024),
      budgetKb: BUNDLE_BUDGET_BYTES / 1024,
      importMs: round2(median(plain[entry]!)),
      floorMs: round2(floorMedian),
      ratio: round2(median(ratios)),
      ratioSpread: spread(ratios),
      withMapsRatio: round2(median(mapRatios)),
    };
  });
}

/**
 * CPU milliseconds (user + system) a fresh Node process spends importing `specifiers`, measured
 * inside it: CPU time, not wall time, so that another process on this shared machine taking the
 * core does not count as ours (a cold start on Lambda is CPU-bound the same way).
 */
function importMs(specifiers: string[], flags: string[] = []): number {
  const script = `const t = process.cpuUsage();${specifiers
    .map((s) => `await import(${JSON.stringify(s)});`)
    .join('')}const d = process.cpuUsage(t);process.stdout.write(String((d.user + d.system) / 1000));`;
  const out = execFileSync(process.execPath, [...flags, '--input-type=module', '-e', script], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH, AWS_REGION: 'ap-southeast-1', POWERTOOLS_DEV: '' },
    encoding: 'utf8',
  });
  return Number(out);
}

const round2 = (v: number) => Math.round(v * 100) / 100;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  measureBundles()
    .then((rows) => console.table(rows))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
