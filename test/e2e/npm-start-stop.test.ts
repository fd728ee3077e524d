import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, sleep } from './support';

/**
 * SIGTERM to `npm start` (what a process manager, an IDE's stop button or `kill` sends) ends every
 * process it started (issue 24): npm hands the signal to its shell only, and a shell that ran tsx as
 * a child died alone, leaving the stack serving on its port with its database open.
 */
test('SIGTERM to npm start leaves no process of its group behind', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'minyi-stop-'));
  const bin = join(process.cwd(), 'node_modules', '.bin');
  // --ignore-scripts: not the prestart's web build, only the start script itself.
  const npm = spawn('npm', ['start', '--ignore-scripts'], {
    env: {
      ...process.env,
      PATH: `${bin}:${process.env.PATH}`,
      PORT: String(await freePort()),
      DATA_DIR: dataDir,
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so that every process it started can be listed
  });
  const group = npm.pid!;
  try {
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const read = (chunk: Buffer) => {
        out += String(chunk);
        if (out.includes('local stack on')) resolve();
      };
      npm.stdout!.on('data', read);
      npm.stderr!.on('data', read);
      npm.once('exit', (code) => reject(new Error(`npm start exited ${code}: ${out}`)));
    });
    expect(inGroup(group).length).toBeGreaterThan(1); // npm and the stack at least

    process.kill(group, 'SIGTERM');
    for (let i = 0; i < 200 && inGroup(group).length > 0; i++) await sleep(50);
    expect(inGroup(group)).toEqual([]);
  } finally {
    try {
      process.kill(-group, 'SIGKILL'); // what was left, so that a failing run leaves nothing either
    } catch {
      // the group is gone
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 60_000);

/** The live processes of a process group (zombies excluded: they are gone but not yet reaped). */
function inGroup(pgid: number): string[] {
  const out = execFileSync('ps', ['-e', '-o', 'pgid=,stat=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([g, stat]) => Number(g) === pgid && !stat?.startsWith('Z'))
    .map((fields) => fields.slice(2).join(' '));
}
