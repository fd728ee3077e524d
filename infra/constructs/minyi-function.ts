import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { Architecture, Runtime, type Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

export interface MinyiFunctionProps
  extends Omit<NodejsFunctionProps, 'runtime' | 'architecture' | 'bundling' | 'logGroup'> {
  /** Path of the handler file from the project root, e.g. `functions/api/orders.ts`. */
  entry: string;
  logRetention: RetentionDays;
  tracing: Tracing;
  /** The deployment's config folder (courts.csv, staff.csv, calendar.json), copied into the bundle. */
  configDir: string;
}

/**
 * Every function of the system: Node 24 on arm64, ESM bundle with source maps, its own log group
 * with retention, Powertools settings, and the deployment's config folder next to the handler.
 * @default memorySize 512 MB, timeout 10 s
 */
export class MinyiFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: MinyiFunctionProps) {
    const { configDir, logRetention, ...rest } = props;
    // The CDK CLI and the tests run from the project root (where cdk.json is).
    const root = process.cwd();
    super(scope, id, {
      memorySize: 512,
      timeout: Duration.seconds(10),
      ...rest,
      entry: join(root, props.entry),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
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
        target: 'node24',
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
  }
}
