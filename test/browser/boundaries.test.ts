import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The pages are a room of their own: they reach the system only through the generated client,
 * so no file under web/src imports anything outside web/src, and none imports the server's
 * packages (a page that did would bundle server code, or talk to the system around the contract).
 */
const SRC = resolve('web/src');
const SERVER_PACKAGES =
  /^(@aws-sdk|@aws-lambda-powertools|@middy|aws-cdk-lib|constructs|zod|jose|dynalite|nodemailer)(\/|$)/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(name) ? [p] : [];
  });
}

test('web/src imports nothing outside web/src and no server package', () => {
  const sources = files(SRC);
  expect(sources.length).toBeGreaterThan(10);
  const crossings: string[] = [];
  for (const file of sources) {
    const text = readFileSync(file, 'utf8');
    for (const [, spec] of text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
      if (!spec) continue;
      const outside = spec.startsWith('.') && relative(SRC, resolve(dirname(file), spec)).startsWith('..');
      if (outside || SERVER_PACKAGES.test(spec)) crossings.push(`${relative(SRC, file)} → ${spec}`);
    }
  }
  expect(crossings).toEqual([]);
});
