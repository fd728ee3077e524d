import { Aws, Duration, NestedStack, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  OAuthScope,
  UserPool,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { STAFF_ROLES, STAFF_UNITS } from '../../domain/access';

/** The default sign-in domain prefix: the stage and the account make it unique in the region. */
export const defaultDomainPrefix = (stage: string) => `minyi-${stage}-${Aws.ACCOUNT_ID}`;

export interface StaffUserPoolProps {
  /** Court codes of the deployment's directory (config/courts.csv): one `court:<code>` group each. */
  courtCodes: string[];
  /**
   * The sign-in domain's prefix, `<prefix>.auth.<region>.amazoncognito.com` (unique in the region).
   * @default `minyi-<stage>-<account id>`
   */
  domainPrefix: string;
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
  readonly userPool: UserPool;
  /** Where the hosted sign-in pages and the token endpoint are (the code + PKCE flow). */
  readonly domain: UserPoolDomain;
  /**
   * The origins the desk's page must reach to sign in (its CSP's connect-src): the issuer, for
   * its discovery document and keys, and the sign-in domain, for the token endpoint.
   */
  readonly signInOrigins: string[];
  /**
   * The groups, in a nested stack of their own: one per role, unit and court is ~120 resources,
   * and a CloudFormation stack holds at most 500 (the main stack had 8 to spare). A nested stack
   * is one resource of the main stack; its template is uploaded with the stack's other assets.
   */
  readonly groups: NestedStack;

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
    this.groups = new NestedStack(this, 'Groups', { description: 'Minyi staff groups: role, unit, court' });
    for (const role of STAFF_ROLES) this.group(`role:${role}`, `staff role ${role}`);
    // The supervision office of a member's court: complaints there are theirs alone (domain/access.ts).
    for (const unit of STAFF_UNITS) this.group(`unit:${unit}`, `staff unit ${unit}`);
    for (const code of props.courtCodes) this.group(`court:${code}`, `staff of court ${code}`);
    const stack = Stack.of(this);
    this.issuer = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`;
    this.domain = this.userPool.addDomain('SignInDomain', {
      cognitoDomain: { domainPrefix: props.domainPrefix },
    });
    this.signInOrigins = [`https://cognito-idp.${stack.region}.${stack.urlSuffix}`, this.domain.baseUrl()];
  }

  /**
   * The desk's client: a public client (no secret: the page cannot keep one) for the authorization
   * code flow with PKCE only (the implicit grant would put tokens in URLs), coming back to
   * `/desk/callback` on each origin the pages are served from, and signing out to `/desk/`.
   * Returns the client id, the audience of the API's JWT authorizer.
   */
  addDeskClient(pageOrigins: string[]): string {
    const client = new UserPoolClient(this, 'DeskClient', {
      userPool: this.userPool,
      authFlows: { userSrp: true },
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: pageOrigins.map((origin) => `${origin}/desk/callback`),
        logoutUrls: pageOrigins.map((origin) => `${origin}/desk/`),
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
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
    return client.userPoolClientId;
  }

  private group(name: string, description: string): void {
    new CfnUserPoolGroup(this.groups, `Group${name}`, {
      userPoolId: this.userPool.userPoolId,
      groupName: name,
      description,
    });
  }
}
