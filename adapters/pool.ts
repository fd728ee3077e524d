/**
 * Runs `task(0)` … `task(count - 1)`, at most `width` at once, starting them in index order (a
 * rollup's days read eight at a time, the simulation's citizens calling in the same hour).
 */
export async function pool(count: number, width: number, task: (k: number) => Promise<void>): Promise<void> {
  let started = 0;
  const worker = async () => {
    while (started < count) await task(started++);
  };
  await Promise.all(Array.from({ length: Math.min(width, count) }, worker));
}
