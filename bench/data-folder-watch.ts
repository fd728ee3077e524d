import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, NpmStart, send, tsx } from '../test/e2e/support';

/**
 * `npm run bench:data-folder`: `npm start` on a new data folder under the simulator
 * (`npm run simulate -- --url …`) for WATCH_MINUTES (default 60), the data folder's size, its
 * LevelDB table files and the server's resident memory sampled every 30 s (issue 23, item 2: the
 * folder grew without bound while the server ran, because dynalite never closed its iterators).
 * Writes bench/results/data-folder-watch.txt.
 */
const MINUTES = Number(process.env.WATCH_MINUTES ?? 60);
const SCALE = process.env.WATCH_SCALE ?? '0.2';
const MONTHS = process.env.WATCH_MONTHS ?? '12';
const CLOCK_START = new Date('2026-01-05T01:00:00Z');

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'minyi-watch-'));
  const app = new NpmStart(dataDir, await freePort(), CLOCK_START);
  await app.start();
  const began = Date.now();
  const sim = spawn(
    tsx,
    ['scripts/simulate.ts', '--months', MONTHS, '--scale', SCALE, '--url', `http://127.0.0.1:${app.port}`],
    { env: { ...process.env, DATA_DIR: dataDir }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let simError = '';
  sim.stderr!.on('data', (c) => {
    simError = (simError + String(c)).slice(-2000);
  });
  const simDone = new Promise<number | null>((done) => sim.once('exit', (code) => done(code)));
  let simExit: number | null | undefined;
  void simDone.then((code) => {
    simExit = code;
  });
  let stoppedAtLimit = false;
  const rows: string[] = [];
  let maxMb = 0;
  let maxFiles = 0;
  let maxRss = 0;
  const sample = async () => {
    // How far the simulation got: the stack's clock (two runs compare at the same simulated day).
    const clock = await send(app.port, 'GET', '/_local/clock').catch(() => null);
    const day = String(clock?.body?.now ?? '').slice(0, 10);
    const { bytes, tables } = folder(join(dataDir, 'db'));
    const rss = serverRssMb(app);
    maxMb = Math.max(maxMb, bytes / 1e6);
    maxFiles = Math.max(maxFiles, tables);
    maxRss = Math.max(maxRss, rss);
    const row = `${((Date.now() - began) / 60_000).toFixed(1).padStart(5)} min  ${(bytes / 1e6).toFixed(1).padStart(7)} MB  ${String(tables).padStart(4)} table files  server RSS ${rss.toFixed(0).padStart(5)} MB  clock ${day}`;
    rows.push(row);
    console.log(row);
  };
  try {
    while (Date.now() - began < MINUTES * 60_000 && simExit === undefined) {
      await sample();
      await Promise.race([new Promise((r) => setTimeout(r, 30_000)), simDone]);
    }
    await sample();
  } finally {
    stoppedAtLimit = simExit === undefined;
    if (stoppedAtLimit) sim.kill('SIGKILL');
    await app.kill();
  }
  const report = [
    `npm start under npm run simulate -- --months ${MONTHS} --scale ${SCALE} --url …, ${new Date().toISOString()}`,
    `command: WATCH_MINUTES=${MINUTES} WATCH_SCALE=${SCALE} WATCH_MONTHS=${MONTHS} npm run bench:data-folder`,
    `watched ${((Date.now() - began) / 60_000).toFixed(1)} min; simulator ${stoppedAtLimit ? 'stopped at the time limit' : `exited ${simExit}`}`,
    `largest: data folder ${maxMb.toFixed(1)} MB, ${maxFiles} LevelDB table files, server RSS ${maxRss.toFixed(0)} MB`,
    '',
    ...rows,
    ...(!stoppedAtLimit && simExit ? ['', simError] : []),
  ].join('\n');
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(process.env.WATCH_OUT ?? 'bench/results/data-folder-watch.txt', `${report}\n`);
  rmSync(dataDir, { recursive: true, force: true });
}

function folder(path: string): { bytes: number; tables: number } {
  let bytes = 0;
  let tables = 0;
  for (const name of readdirSync(path)) {
    bytes += statSync(join(path, name)).size;
    if (name.endsWith('.ldb')) tables++;
  }
  return { bytes, tables };
}

/** Resident memory of the process group's processes (tsx's launcher and the stack it runs). */
function serverRssMb(app: NpmStart): number {
  const pgid = app.pid;
  if (!pgid) return 0;
  let kb = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue; // the process group id
      const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      kb += Number(rss?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return kb / 1024;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
