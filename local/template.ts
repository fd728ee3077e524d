import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The synthesized CloudFormation template the local stack is built from (issue 22: deploy
 * fidelity): its API routes and authorizers, and each function's IAM policy, so that a gap between
 * `infra/` and what the handlers do shows here and not first on AWS.
 *
 * It is synthesized by the CDK app itself (`tsx infra/app.ts`, as `npx cdk synth` runs it, with
 * Lambda bundling skipped: only the template is read), for the `dev` stage, and kept under
 * `node_modules/.cache/minyi-template/<hash>` keyed by everything the app reads (infra, the
 * handlers' route table and what infra imports, config, cdk.json, the lock file): the first start
 * after a change pays the synth (~10 s), the others read a file.
 */
export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: unknown }>;
}

export interface CfnResource {
  Type: string;
  // biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties are read field by field
  Properties?: any;
  Metadata?: Record<string, unknown>;
}

/** The local stack's stage: the one `npm start` and the tests build the local stack from. */
const DEV = { stage: 'dev' };

/**
 * The template of the stage `context` names (`-c` options as `cdk synth` takes them; the dev stage
 * by default), synthesized once per source hash and context: the tests that read the Beijing
 * stage's template share one synth too.
 */
export function synthesizedTemplate(
  root = process.cwd(),
  context: Record<string, unknown> = DEV,
): CfnTemplate {
  const key = createHash('sha256').update(JSON.stringify(context)).digest('hex').slice(0, 8);
  const dir = join(root, 'node_modules', '.cache', 'minyi-template', `${sourceHash(root)}-${key}`);
  const stackName = `Minyi-${String(context.stage ?? 'dev')}`;
  const file = join(dir, `${stackName}.template.json`);
  if (!existsSync(file)) {
    // Written aside, then renamed: parallel test workers never read a half-written template.
    const scratch = `${dir}.${process.pid}.${Date.now()}`;
    mkdirSync(scratch, { recursive: true });
    try {
      execFileSync(join(root, 'node_modules', '.bin', 'tsx'), ['infra/app.ts'], {
        cwd: root,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: {
          ...process.env,
          CDK_OUTDIR: scratch,
          CDK_CONTEXT_JSON: JSON.stringify({
            ...context,
            'aws:cdk:bundling-stacks': [],
            'aws:cdk:enable-path-metadata': true,
          }),
        },
      });
      mkdirSync(dir, { recursive: true });
      try {
        renameSync(join(scratch, `${stackName}.template.json`), file);
      } catch (error) {
        if (!existsSync(file)) throw error; // another worker won the race: its file is the same
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  return JSON.parse(readFileSync(file, 'utf8')) as CfnTemplate;
}

/** What the synth depends on: a change to any of it makes a new template. */
function sourceHash(root: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(join(root, dir)).sort()) {
      const path = join(dir, name);
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else if (/\.(ts|json|csv|asl\.json)$/.test(name))
        hash.update(path).update(readFileSync(join(root, path)));
    }
  };
  for (const dir of ['infra', 'functions', 'domain', 'workflows', 'config']) walk(dir);
  for (const file of ['cdk.json', 'package-lock.json']) {
    const path = resolve(root, file);
    if (existsSync(path)) hash.update(file).update(readFileSync(path));
  }
  return hash.digest('hex').slice(0, 16);
}

/** The construct path of a resource (`Api/PostRequest`, `Workflow/Tick`), without the stack and `/Resource`. */
export function constructPath(resource: CfnResource): string {
  const path = String(resource.Metadata?.['aws:cdk:path'] ?? '');
  return path.replace(/^[^/]+\//, '').replace(/\/Resource$/, '');
}
