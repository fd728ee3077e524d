import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, NpmStart } from '../test/e2e/support';
import { type Findings, KillCycle, noFindings } from './kill-cycle';

/**
 * `npm run bench:kill-cycle`: the kill-cycle harness's long form (bench/kill-cycle.ts). An order's
 * creation killed after each of its LevelDB writes, then KILLS random kills (default 200) of
 * `npm start` while intakes and order creations stream, 4 in flight, on one data folder; after
 * each restart every listed order and every acknowledged request is read. The kill moments are
 * drawn from a seeded generator (KILL_SEED), uniform over the stream's first KILL_WITHIN_MS.
 * Writes bench/results/kill-cycle.txt; exits 1 on any finding.
 */
const KILLS = Number(process.env.KILLS ?? 200);
// The harness is one client streaming intakes on purpose, far past the per-client flood limits
// (issue 24) that `npm start` applies: off for its servers, as test/support/env.cjs sets for jest.
process.env.CLIENT_LIMITS = 'off';
const SEED = Number(process.env.KILL_SEED ?? 23);
const WITHIN_MS = Number(process.env.KILL_WITHIN_MS ?? 2000);
/** The clock of the new data folder: Monday 9 March 2026, 09:00 Shanghai (test/support/local.ts). */
const CLOCK_START = new Date('2026-03-09T01:00:00Z');

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'minyi-kill-cycle-'));
  const app = new NpmStart(dataDir, await freePort(), CLOCK_START);
  const cycle = new KillCycle(app);
  const began = Date.now();
  const random = seeded(SEED);
  try {
    await cycle.start();
    const writes = await cycle.injectedKills();
    log(`injected: an order's creation makes ${writes} LevelDB writes; killed after each`, cycle.findings);
    for (let i = 1; i <= KILLS; i++) {
      await cycle.randomKill(Math.round(random() * WITHIN_MS));
      if (i % 10 === 0 || !noFindings(cycle.findings))
        log(`${i} random kills, ${cycle.orders} orders acknowledged`, cycle.findings);
    }
    const minutes = ((Date.now() - began) / 60_000).toFixed(1);
    const report = [
      `kill-cycle harness (bench/kill-cycle.ts), ${new Date().toISOString()}, ${minutes} min`,
      `command: KILLS=${KILLS} KILL_SEED=${SEED} KILL_WITHIN_MS=${WITHIN_MS} npm run bench:kill-cycle`,
      `injected kills: ${cycle.injected} (after each of the ${writes} LevelDB writes of an order's creation)`,
      `random kills: ${cycle.kills}, 4 calls in flight, each within ${WITHIN_MS} ms of a stream's start`,
      `orders acknowledged: ${cycle.orders}`,
      `phantom orders (listed, 404 by id): ${cycle.findings.phantoms.length}`,
      `half-written orders (request and order disagree): ${cycle.findings.halfWritten.length}`,
      `lost orders (acknowledged, not there): ${cycle.findings.lost.length}`,
      `retries refused: ${cycle.findings.retriesRefused.length}`,
      ...(noFindings(cycle.findings) ? [] : ['', JSON.stringify(cycle.findings, null, 2)]),
    ].join('\n');
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/kill-cycle.txt', `${report}\n`);
    console.log(`\n${report}`);
    if (!noFindings(cycle.findings)) process.exitCode = 1;
  } finally {
    await app.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function log(what: string, f: Findings) {
  const counts = `phantoms ${f.phantoms.length}, half-written ${f.halfWritten.length}, lost ${f.lost.length}, retries refused ${f.retriesRefused.length}`;
  console.log(`${new Date().toISOString()} ${what}: ${counts}`);
}

/** mulberry32: the same kill moments for the same seed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
