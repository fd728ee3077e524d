/**
 * The Lambda runtimes and architectures a stage may choose, per partition. A stage's choice is
 * checked against this list when its config is loaded (infra/stage-checks.ts), and the infra tests
 * assert every function of the template against it.
 *
 * China (aws-cn) lists only what its own documentation lets us rely on: "future runtime release
 * dates don't apply to China regions" and no China document confirms arm64 in cn-north-1 or
 * cn-northwest-1, so China gets x86_64 and the older of the two Node runtimes until a first
 * deploy has shown otherwise (docs/deploying.md, first-deploy checklist).
 */
export const LAMBDA_PLATFORMS = {
  aws: { runtimes: ['nodejs24.x', 'nodejs22.x'], architectures: ['arm64', 'x86_64'] },
  'aws-cn': { runtimes: ['nodejs22.x'], architectures: ['x86_64'] },
} as const satisfies Record<string, { runtimes: readonly string[]; architectures: readonly string[] }>;

export type Partition = keyof typeof LAMBDA_PLATFORMS;
export type LambdaRuntime = (typeof LAMBDA_PLATFORMS)[Partition]['runtimes'][number];
export type LambdaArchitecture = (typeof LAMBDA_PLATFORMS)[Partition]['architectures'][number];

/** The partition a region belongs to: the China regions are `cn-*`. */
export const partitionOf = (region: string): Partition => (region.startsWith('cn-') ? 'aws-cn' : 'aws');

/** The esbuild target that matches a Node runtime (`nodejs22.x` → `node22`). */
export const esbuildTarget = (runtime: LambdaRuntime): string =>
  runtime.replace(/^nodejs(\d+)\.x$/, 'node$1');
