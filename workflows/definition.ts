import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The path of the order clock's definition: the file AWS runs (via CDK) and the local engine runs. */
export const ORDER_CLOCK_FILE = resolve('workflows', 'order-clock.asl.json');

/** The definition text with `${Name}` placeholders filled in, as CDK's definitionSubstitutions do. */
export function orderClockDefinition(substitutions: Record<string, string>, file = ORDER_CLOCK_FILE): string {
  return readFileSync(file, 'utf8').replace(
    /\$\{(\w+)\}/g,
    (whole, name: string) => substitutions[name] ?? whole,
  );
}

/** Stand-ins for running the definition outside AWS, where the Tick task is answered in-process. */
export const LOCAL_SUBSTITUTIONS = {
  Partition: 'aws-cn',
  TickFunctionArn: 'arn:aws-cn:lambda:cn-north-1:000000000000:function:local-tick',
};
