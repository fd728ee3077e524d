import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config';
import {
  esbuildTarget,
  LAMBDA_PLATFORMS,
  type LambdaArchitecture,
  type LambdaRuntime,
} from '../lambda-platforms';
import { ANY_RESOURCE, acknowledge, BASIC_EXECUTION_ROLE, type Finding } from '../nag-acknowledgements';

const RUNTIMES: Record<LambdaRuntime, Runtime> = {
  'nodejs24.x': Runtime.NODEJS_24_X,
  'nodejs22.x': Runtime.NODEJS_22_X,
};
const ARCHITECTURES: Record<LambdaArchitecture, Architecture> = {
  arm64: Architecture.ARM_64,
  x86_64: Architecture.X86_64,
};

/**
 * Dependencies our code loads only on first use, and that the bundle leaves out: each is bundled
 * alone into the asset's node_modules, where the load finds it. nodemailer (240 KB minified) serves
 * only the SMTP mailer, so only stages that mail by SMTP get it; jose (18 KB) only a call that
 * carries a token; chinese-days (24 KB, ~10 ms of CPU building its tables) only a deadline of an
 * officially published year (domain/working-days.ts requires it synchronously, hence CommonJS).
 * Bundled, esbuild (no code splitting behind NodejsFunction's single outfile) would put them in
 * every function's file, parsed at every cold start.
 */
export const LAZY_MODULES = {
  nodemailer: { entry: 'dist/esm/nodemailer.js', format: 'esm' },
  jose: { entry: 'dist/webapi/index.js', format: 'esm' },
  'chinese-days': { entry: 'dist/index.min.js', format: 'cjs' },
} as const;
/** Left out of every bundle: the AWS SDK (the Lambda runtime has it) and the lazy modules. bench/bundles.ts builds with the same settings. */
export const EXTERNAL_MODULES = ['@aws-sdk/*', ...Object.keys(LAZY_MODULES)] as const;
/** Set in every bundle: the request schemas' descriptions are for the OpenAPI document only (functions/api/docs.ts). bench/bundles.ts builds with them too. */
export const BUNDLE_DEFINES = { 'process.env.MINYI_API_DOCS': JSON.stringify('off') };
/** ESM bundles of CommonJS dependencies still call require(). */
export const ESM_BANNER =
  "import { createRequire } from 'module';const require = createRequire(import.meta.url);";
/**
 * Most a function's bundle (index.mjs, minified, SDK external) may weigh: test/infra/stack.test.ts
 * holds every function to it. Issue 11's target: what a function parses at every cold start is
 * what it costs, and 150 KB keeps its import within 1.15x a bare DynamoDB-SDK import
 * (bench/bundles.ts measures both). The functions weigh 60-110 KB since the route table stopped
 * holding the response schemas, Metrics left the API functions, the logger became ours and the
 * OpenAPI document is built at synth time and shipped as a file (it had a 200 KB budget of its own
 * while its function built it from every schema with zod's JSON Schema generator); the margin is
 * for features, not for a dependency loaded at import where a lazy one would do (LAZY_MODULES).
 */
export const BUNDLE_BUDGET_BYTES = 150 * 1024;
/**
 * The knowledge base's function holds its full-text library as well (MiniSearch, 18 KB minified):
 * searching is that function's whole work, so the library is not a lazy module.
 */
export const KNOWLEDGE_BUNDLE_BUDGET_BYTES = BUNDLE_BUDGET_BYTES + 20 * 1024;

/** A lazy module bundled alone (minified) into the asset's node_modules, where `import(name)` or `require(name)` finds it. */
const shipLazyModule = (root: string, output: string, name: keyof typeof LAZY_MODULES): string[] => {
  const { entry, format } = LAZY_MODULES[name];
  const dir = `${output}/node_modules/${name}`;
  const file = format === 'esm' ? 'index.mjs' : 'index.cjs';
  const banner = format === 'esm' ? ` "--banner:js=${ESM_BANNER}"` : '';
  return [
    `mkdir -p "${dir}"`,
    `"${join(root, 'node_modules', '.bin', 'esbuild')}" "${join(root, 'node_modules', name, entry)}" --bundle --platform=node --format=${format} --minify --log-level=warning${banner} --outfile="${dir}/${file}"`,
    `echo '{"name":"${name}","main":"${file}"}' > "${dir}/package.json"`,
  ];
};

/** Writes a function's made files into a folder named by their content, for afterBundling to copy. */
function madeFiles(files: Record<string, string>): string {
  const hash = createHash('sha256')
    .update(JSON.stringify(Object.entries(files)))
    .digest('hex');
  const dir = join(tmpdir(), `minyi-function-files-${hash.slice(0, 16)}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    if (!/^[\w.-]+$/.test(name)) throw new Error(`a shipped file is named by a plain file name, not ${name}`);
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** What a function takes from its stage; the rest of StageConfig is not its business. */
export type FunctionStageConfig = Pick<
  StageConfig,
  'configDir' | 'logRetention' | 'tracing' | 'lambda' | 'mail'
>;

export interface MinyiFunctionProps
  extends Omit<
    NodejsFunctionProps,
    'runtime' | 'architecture' | 'bundling' | 'logGroup' | 'logRetention' | 'tracing'
  > {
  /** Path of the handler file from the project root, e.g. `functions/api/orders.ts`. */
  entry: string;
  /**
   * The stage: the function derives from it what every function of a stage shares, so no call
   * site repeats it.
   * @default runtime and architecture: `config.lambda` (the partition's allow-list, infra/lambda-platforms.ts)
   * @default log group retention: `config.logRetention`
   * @default tracing: `Tracing.ACTIVE` when `config.tracing`, else `Tracing.DISABLED`
   * @default bundle: `config.configDir` (courts.csv, staff.csv, calendar.json) copied to `config/`, read via `CONFIG_DIR`
   */
  config: FunctionStageConfig;
  /**
   * Files made at synth time and shipped beside the handler (name in the bundle's folder, then
   * content), e.g. the OpenAPI document the OpenAPI function serves instead of building it.
   * @default none
   */
  files?: Record<string, string>;
}

/**
 * Every function of the system: the stage's Node runtime and architecture (China has its own
 * allow-list), an ESM bundle for that Node with its source map beside it (read only when an error
 * is reported), its own log group
 * with the stage's retention, tracing as the stage says, Powertools settings, and the deployment's
 * config folder next to the handler. Acknowledges the cdk-nag findings its own settings raise.
 * @default memorySize 512 MB, timeout 10 s
 */
export class MinyiFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: MinyiFunctionProps) {
    const { config, files = {}, ...rest } = props;
    const made = madeFiles(files);
    const platform = config.lambda;
    // The CDK CLI and the tests run from the project root (where cdk.json is).
    const root = process.cwd();
    super(scope, id, {
      memorySize: 512,
      timeout: Duration.seconds(10),
      ...rest,
      entry: join(root, props.entry),
      runtime: RUNTIMES[platform.runtime],
      architecture: ARCHITECTURES[platform.architecture],
      tracing: config.tracing ? Tracing.ACTIVE : Tracing.DISABLED,
      logGroup: new LogGroup(scope, `${id}Logs`, { retention: config.logRetention }),
      // No NODE_OPTIONS=--enable-source-maps: it reads the bundle's map at every cold start (~16%
      // more import time); the map ships beside the bundle and is read when an error is reported
      // (functions/commons/source-maps.ts).
      environment: {
        POWERTOOLS_SERVICE_NAME: 'minyi',
        POWERTOOLS_METRICS_NAMESPACE: 'Minyi',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        CONFIG_DIR: '/var/task/config',
        ...rest.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: esbuildTarget(platform.runtime),
        minify: true,
        sourceMap: true,
        mainFields: ['module', 'main'],
        banner: ESM_BANNER,
        externalModules: [...EXTERNAL_MODULES],
        define: BUNDLE_DEFINES,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_input: string, output: string) => [
            `cp -r "${join(root, config.configDir)}" "${output}/config"`,
            ...Object.keys(files).map((name) => `cp "${join(made, name)}" "${output}/${name}"`),
            ...shipLazyModule(root, output, 'jose'),
            ...shipLazyModule(root, output, 'chinese-days'),
            ...(config.mail.transport === 'smtp' ? shipLazyModule(root, output, 'nodemailer') : []),
          ],
        },
      },
    });
    const findings: Finding[] = [BASIC_EXECUTION_ROLE];
    if (config.tracing)
      findings.push([
        ANY_RESOURCE,
        'Tracing is on: X-Ray PutTraceSegments/PutTelemetryRecords have no resource-level permissions.',
      ]);
    const newest = LAMBDA_PLATFORMS.aws.runtimes[0];
    if (platform.runtime !== newest)
      findings.push([
        'AwsSolutions-L1',
        `${platform.runtime} is the newest runtime on this partition's allow-list (infra/lambda-platforms.ts): ${newest} is not confirmed in the China regions, where "future runtime release dates don't apply".`,
      ]);
    acknowledge(this, findings);
  }
}
