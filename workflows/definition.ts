import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The path of the order clock's definition: the file AWS runs (via CDK) and the local engine runs. */
export const ORDER_CLOCK_FILE = resolve('workflows', 'order-clock.asl.json');

/** The `${Name}` placeholders of the order clock's definition: each needs a value, in AWS and locally. */
export const ORDER_CLOCK_SUBSTITUTIONS = ['Partition', 'TickFunctionArn'] as const;
export type OrderClockSubstitution = (typeof ORDER_CLOCK_SUBSTITUTIONS)[number];
/** A value for every placeholder of the order clock (CDK's definitionSubstitutions, or local stand-ins). */
export type OrderClockSubstitutions = Record<OrderClockSubstitution, string>;

const PLACEHOLDER = /\$\{(\w+)\}/g;

/**
 * The text of a definition file whose `${Name}` placeholders are exactly `names`. Throws on a
 * placeholder without a substitution (AWS would run the literal `${Name}`) and on a substitution
 * the file does not use (a renamed placeholder that would otherwise go unnoticed).
 */
export function readDefinition(file: string, names: readonly string[]): string {
  const text = readFileSync(file, 'utf8');
  const used = new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string));
  const missing = [...used].filter((name) => !names.includes(name));
  const unused = names.filter((name) => !used.has(name));
  if (missing.length > 0)
    throw new Error(`${file}: no substitution for placeholder ${missing.map((n) => `\${${n}}`).join(', ')}`);
  if (unused.length > 0)
    throw new Error(`${file}: substitution ${unused.join(', ')} is not used by the file`);
  return text;
}

/** The definition text with `${Name}` placeholders filled in, as CDK's definitionSubstitutions do. */
export function orderClockDefinition(
  substitutions: OrderClockSubstitutions,
  file = ORDER_CLOCK_FILE,
): string {
  const values: Record<string, string> = substitutions;
  return readDefinition(file, Object.keys(values)).replace(
    PLACEHOLDER,
    (_whole, name: string) => values[name] as string,
  );
}

/** Stand-ins for running the definition outside AWS, where the Tick task is answered in-process. */
export const LOCAL_SUBSTITUTIONS = {
  Partition: 'aws-cn',
  TickFunctionArn: 'arn:aws-cn:lambda:cn-north-1:000000000000:function:local-tick',
} satisfies OrderClockSubstitutions;
