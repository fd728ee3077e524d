import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { Architecture, Runtime, type Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import {
  esbuildTarget,
  LAMBDA_PLATFORMS,
  type LambdaArchitecture,
  type LambdaRuntime,
} from '../lambda-platforms';
import { acknowledge } from '../nag-acknowledgements';

const RUNTIMES: Record<LambdaRuntime, Runtime> = {
  'nodejs24.x': Runtime.NODEJS_24_X,
  'nodejs22.x': Runtime.NODEJS_22_X,
};
const ARCHITECTURES: Record<LambdaArchitecture, Architecture> = {
  arm64: Architecture.ARM_64,
  x86_64: Architecture.X86_64,
};

export interface MinyiFunctionProps
  extends Omit<NodejsFunctionProps, 'runtime' | 'architecture' | 'bundling' | 'logGroup'> {
  /** Path of the handler file from the project root, e.g. `functions/api/orders.ts`. */
  entry: string;
  logRetention: RetentionDays;
  tracing: Tracing;
  /** The stage's runtime and architecture, from the partition's allow-list (infra/lambda-platforms.ts). */
  platform: { runtime: LambdaRuntime; architecture: LambdaArchitecture };
  /** The deployment's config folder (courts.csv, staff.csv, calendar.json), copied into the bundle. */
  configDir: string;
}

/**
 * Every function of the system: the stage's Node runtime and architecture (China has its own
 * allow-list), an ESM bundle for that Node with source maps, its own log group
 * with retention, Powertools settings, and the deployment's config folder next to the handler.
 * @default memorySize 512 MB, timeout 10 s
 */
export class MinyiFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: MinyiFunctionProps) {
    const { configDir, logRetention, platform, ...rest } = props;
    // The CDK CLI and the tests run from the project root (where cdk.json is).
    const root = process.cwd();
    super(scope, id, {
      memorySize: 512,
      timeout: Duration.seconds(10),
      ...rest,
      entry: join(root, props.entry),
      runtime: RUNTIMES[platform.runtime],
      architecture: ARCHITECTURES[platform.architecture],
      logGroup: new LogGroup(scope, `${id}Logs`, { retention: logRetention }),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
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
        // ESM bundles of CommonJS dependencies still call require().
        banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
        externalModules: ['@aws-sdk/*'],
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_input: string, output: string) => [
            `cp -r "${join(root, configDir)}" "${output}/config"`,
          ],
        },
      },
    });
    const newest = LAMBDA_PLATFORMS.aws.runtimes[0];
    if (platform.runtime !== newest)
      acknowledge(this, [
        [
          'AwsSolutions-L1',
          `${platform.runtime} is the newest runtime on this partition's allow-list (infra/lambda-platforms.ts): ${newest} is not confirmed in the China regions, where "future runtime release dates don't apply".`,
        ],
      ]);
  }
}
