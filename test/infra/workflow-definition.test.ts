import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LOCAL_SUBSTITUTIONS,
  ORDER_CLOCK_FILE,
  ORDER_CLOCK_SUBSTITUTIONS,
  orderClockDefinition,
  readDefinition,
} from '../../workflows/definition';

const dir = mkdtempSync(join(tmpdir(), 'minyi-definition-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `${Name}`, as the definition file writes a placeholder. */
const placeholder = (name: string) => `\${${name}}`;

/** A definition file with the given text, in a fresh temporary folder. */
const definitionFile = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

test("the order clock's placeholders are exactly ORDER_CLOCK_SUBSTITUTIONS", () => {
  const text = readFileSync(ORDER_CLOCK_FILE, 'utf8');
  const placeholders = [...text.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]);
  expect([...new Set(placeholders)].sort()).toEqual([...ORDER_CLOCK_SUBSTITUTIONS].sort());
  expect(Object.keys(LOCAL_SUBSTITUTIONS).sort()).toEqual([...ORDER_CLOCK_SUBSTITUTIONS].sort());
});

test('the local definition has every placeholder filled in', () => {
  const text = orderClockDefinition(LOCAL_SUBSTITUTIONS);
  expect(text).not.toMatch(/\$\{/);
  expect(text).toContain(LOCAL_SUBSTITUTIONS.TickFunctionArn);
  expect(text).toContain(`arn:${LOCAL_SUBSTITUTIONS.Partition}:states:::lambda:invoke`);
});

test('a placeholder without a substitution fails, naming it', () => {
  const file = definitionFile(
    'unknown.asl.json',
    JSON.stringify({
      Resource: `arn:${placeholder('Partition')}:states:::lambda:invoke`,
      FunctionName: placeholder('TickFunctionArn'),
      QueueUrl: placeholder('QueueUrl'),
    }),
  );
  expect(() => orderClockDefinition(LOCAL_SUBSTITUTIONS, file)).toThrow(
    /no substitution for placeholder \$\{QueueUrl\}/,
  );
});

test('a substitution the file does not use fails, naming it', () => {
  const file = definitionFile(
    'unused.asl.json',
    JSON.stringify({ Resource: `arn:${placeholder('Partition')}:states:::lambda:invoke` }),
  );
  expect(() => orderClockDefinition(LOCAL_SUBSTITUTIONS, file)).toThrow(
    /substitution TickFunctionArn is not used by the file/,
  );
  expect(() => readDefinition(file, ['Partition'])).not.toThrow();
});
