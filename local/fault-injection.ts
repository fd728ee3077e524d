import { type IncomingMessage, Server } from 'node:http';
import { Level } from 'level';

/**
 * For the kill-cycle harness only (bench/kill-cycle.ts), loaded when `MINYI_FAULT_INJECTION=1`:
 * an HTTP call carrying `x-kill-at-write: N` makes the process kill its whole process group
 * (SIGKILL, as the harness's random kills do) right after the Nth LevelDB write from the moment
 * that call arrived, whoever made the write. So a harness can cut an order's creation after each
 * of its writes in turn, the one place a crash does damage, instead of waiting for a random kill
 * to land there.
 */
export function installFaultInjection(): void {
  let killAt: number | null = null;
  let written = 0;

  const emit = Server.prototype.emit as (this: Server, event: string, ...args: unknown[]) => boolean;
  Server.prototype.emit = function emitWithFaults(this: Server, event: string, ...args: unknown[]) {
    if (event === 'request') {
      const header = (args[0] as IncomingMessage).headers['x-kill-at-write'];
      if (typeof header === 'string' && /^[1-9]\d*$/.test(header)) {
        killAt = Number(header);
        written = 0;
      }
    }
    return emit.call(this, event, ...args);
  } as typeof Server.prototype.emit;

  const afterWrite = () => {
    if (killAt !== null && ++written >= killAt) process.kill(0, 'SIGKILL');
  };
  // The three ways abstract-level reaches LevelDB's storage: each call is one LevelDB write.
  const proto = Level.prototype as unknown as Record<
    '_put' | '_del' | '_batch',
    (...args: unknown[]) => Promise<void>
  >;
  for (const name of ['_put', '_del', '_batch'] as const) {
    const write = proto[name];
    proto[name] = async function writeThenMaybeDie(this: unknown, ...args: unknown[]) {
      await write.apply(this, args);
      afterWrite();
    };
  }
}
