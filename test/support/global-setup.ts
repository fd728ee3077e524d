import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesizedTemplate } from '../../local/template';

/**
 * Once before the suite's workers start:
 * - the synthesized template every local stack is built from (local/template.ts keeps it on disk by
 *   the hash of what it depends on), so the workers read one file instead of each synthesizing it
 *   at the same time;
 * - a temporary folder of the run's own, as TMPDIR for the workers (they inherit the environment),
 *   removed by test/support/global-teardown.ts. What the tests leave in the temporary folder is
 *   then removed whatever they forget: a CDK App given no `outdir` makes a `cdk.out…` of 20 to 40 MB
 *   there and never removes it (306 of them, 6.5 GB, had piled up on a developer's machine), and a
 *   test killed mid-way leaves its data folder.
 */
export default function globalSetup(): void {
  synthesizedTemplate();
  process.env.TMPDIR = mkdtempSync(join(tmpdir(), 'minyi-jest-'));
}
