import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';

/**
 * `npx tsx scripts/suite-seconds.ts <jest --json output>`: writes each suite's seconds into
 * test/support/suite-seconds.json, which test/support/sequencer.cjs reads to start the slowest
 * suites first on a clean clone.
 */
const [file] = process.argv.slice(2);
if (!file) throw new Error('usage: tsx scripts/suite-seconds.ts <jest --json output file>');
const run = JSON.parse(readFileSync(file, 'utf8')) as {
  testResults: { name: string; startTime: number; endTime: number }[];
};
const seconds = Object.fromEntries(
  run.testResults
    .map((r) => [relative(process.cwd(), r.name), Math.round((r.endTime - r.startTime) / 1000)] as const)
    .sort(([, a], [, b]) => b - a),
);
writeFileSync('test/support/suite-seconds.json', `${JSON.stringify(seconds, null, 2)}\n`);
console.log(`${Object.keys(seconds).length} suites written to test/support/suite-seconds.json`);
