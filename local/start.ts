import { startLocalStack } from './stack';

/**
 * `npm start`: the whole API on http://localhost:$PORT, data under $DATA_DIR. `CLOCK_START` (an ISO
 * time with its offset) starts a new data folder's clock there, e.g. a training room on a known
 * week; a folder that already kept its clock ignores it.
 */
async function main() {
  const stack = await startLocalStack({ port: Number(process.env.PORT ?? 3000), clockStart: clockStart() });
  console.log(
    `民意中心 local stack on ${stack.url} (data in ${process.env.DATA_DIR ?? '.data'}, clock ${stack.clock.now().toISOString()})`,
  );
  console.log(`  staff token: npm run token -- --role agent --court 赣`);
  const shutdown = async () => {
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

function clockStart(): Date | undefined {
  const text = process.env.CLOCK_START;
  if (!text) return undefined;
  const at = new Date(text);
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(text) || Number.isNaN(at.getTime())) {
    throw new Error(
      `CLOCK_START must be an ISO time with its offset, e.g. 2026-03-09T09:00:00+08:00: ${text}`,
    );
  }
  return at;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
