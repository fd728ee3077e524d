import { startLocalStack } from './stack';

/** `npm start`: the whole API on http://localhost:$PORT, data under $DATA_DIR. */
async function main() {
  const stack = await startLocalStack({ port: Number(process.env.PORT ?? 3000) });
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

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
