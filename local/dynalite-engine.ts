import type { Server } from 'node:http';
import memoryLevel from 'memory-level';

/**
 * dynalite's HTTP server, the same engine whether the stack runs it in its own process or in a
 * child process (local/dynalite-child.ts).
 *
 * In memory, dynalite keeps its items in memory-level, whose default store encoding is `buffer`:
 * each value is a Buffer sliced from a shared allocation pool, and the tree keeps the pool's whole
 * 64 KB block alive for every block any stored value touches. A heap snapshot of a simulated
 * month held 3,740 such blocks (245 MB) for 2,300 requests; a province's year needed a 14 GB
 * heap. The `view` encoding stores each value as its own exact-size byte array: keys still compare
 * byte by byte, as DynamoDB orders them (`utf8` would compare UTF-16 code units instead).
 * dynalite builds its MemoryLevel itself, so the class it will find is swapped before it loads.
 */
export async function createDynaliteServer(options: {
  path?: string;
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}): Promise<Server> {
  const exports = memoryLevel as unknown as { MemoryLevel: MemoryLevelClass; [EXACT_SIZE]?: true };
  if (!exports[EXACT_SIZE]) {
    exports[EXACT_SIZE] = true;
    const Base = exports.MemoryLevel;
    exports.MemoryLevel = class ExactSizeMemoryLevel extends Base {
      constructor(location?: unknown, opts?: Record<string, unknown>) {
        const options = typeof location === 'object' && location !== null ? location : opts;
        super({ storeEncoding: 'view', ...(options as object) });
      }
    };
  }
  const { default: dynalite } = await import('dynalite');
  return dynalite(options);
}

const EXACT_SIZE = Symbol.for('minyi.memory-level.exact-size');
type MemoryLevelClass = new (location?: unknown, options?: Record<string, unknown>) => object;
