import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** A cdk-nag finding id (`AwsSolutions-L1`, `AwsSolutions-IAM5[Resource::*]`) and why it is accepted. */
export type Finding = [id: string, reason: string];

/**
 * Accepts cdk-nag findings on `scope` and everything below it, each with its reason. Whoever makes
 * the resource or the grant that raises a finding acknowledges it there, on that construct: nothing
 * is acknowledged stack-wide, so a new resource with the same finding still fails the synth.
 *
 * The id is the plain rule id, as cdk-nag's README writes it. CDK records it as
 * `Annotation::<id>`, which cdk-nag's own check (`validate` at synth, `validateScope` in the
 * tests) recognises; the `AwsSolutions::<id>` form only silences CDK's report at synth, while
 * `validateScope` still lists it.
 */
export function acknowledge(scope: IConstruct, findings: Finding[]): void {
  for (const [id, reason] of findings) Validations.of(scope).acknowledge({ id, reason });
}

/**
 * The IAM5 finding id of a wildcard under a resource's ARN, with the resource's own logical id:
 * `arnWildcard(table, '/index/*')` is `AwsSolutions-IAM5[Resource::<DataMainA53FC637.Arn>/index/*]`.
 */
export function arnWildcard(resource: IConstruct, suffix: string): string {
  const cfn = resource.node.defaultChild as CfnElement | undefined;
  if (!cfn) throw new Error(`${resource.node.path} has no CloudFormation resource to name`);
  return `AwsSolutions-IAM5[Resource::<${Stack.of(resource).getLogicalId(cfn)}.Arn>${suffix}]`;
}

/** A wildcard resource (`Resource::*`), for actions that have no resource-level permissions. */
export const ANY_RESOURCE = 'AwsSolutions-IAM5[Resource::*]';

/** The AWS-managed basic execution role CDK gives every Lambda function's role. */
export const BASIC_EXECUTION_ROLE: Finding = [
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
  'The managed basic execution role only lets a function write its own log streams; it is the documented minimum.',
];
