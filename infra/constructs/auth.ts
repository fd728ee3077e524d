import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  UserPool,
  UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { STAFF_ROLES, STAFF_UNITS } from '../../domain/access';

export interface StaffUserPoolProps {
  /** Court codes of the deployment's directory (config/courts.csv): one `court:<code>` group each. */
  courtCodes: string[];
}

/**
 * Staff sign-in where the stage names no issuer (global regions only: the China regions have no
 * Cognito user pools). A member of staff's role and court are Cognito GROUPS, `role:<role>` and
 * `court:<code>`, carried by the token's `cognito:groups` claim. Groups, unlike attributes, can only
 * be changed by an administrator (AdminAddUserToGroup): a signed-in user cannot promote themselves
 * or move to another court with UpdateUserAttributes. The desk's client may write the user's name
 * and nothing else (CDK's default would be every standard and custom attribute).
 */
export class StaffUserPool extends Construct {
  readonly issuer: string;
  readonly audience: string;
  readonly userPool: UserPool;

  constructor(scope: Construct, id: string, props: StaffUserPoolProps) {
    super(scope, id);
    // A new id, not 'Pool': the old pool's mutable custom:role/custom:court cannot be removed from
    // an existing pool (Cognito never deletes schema attributes), so a clean pool replaces it and the
    // old one is retained for an administrator to delete once its users are moved.
    this.userPool = new UserPool(this, 'StaffPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const client = new UserPoolClient(this, 'DeskClient', {
      userPool: this.userPool,
      authFlows: { userSrp: true },
      idTokenValidity: Duration.hours(8),
      accessTokenValidity: Duration.hours(8),
      preventUserExistenceErrors: true,
      readAttributes: new ClientAttributes().withStandardAttributes({
        email: true,
        emailVerified: true,
        fullname: true,
      }),
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });
    for (const role of STAFF_ROLES) this.group(`role:${role}`, `staff role ${role}`);
    // The supervision office of a member's court: complaints there are theirs alone (domain/access.ts).
    for (const unit of STAFF_UNITS) this.group(`unit:${unit}`, `staff unit ${unit}`);
    for (const code of props.courtCodes) this.group(`court:${code}`, `staff of court ${code}`);
    this.issuer = `https://cognito-idp.${Stack.of(this).region}.${Stack.of(this).urlSuffix}/${this.userPool.userPoolId}`;
    this.audience = client.userPoolClientId;
  }

  private group(name: string, description: string): void {
    new CfnUserPoolGroup(this, `Group${name}`, {
      userPoolId: this.userPool.userPoolId,
      groupName: name,
      description,
    });
  }
}
