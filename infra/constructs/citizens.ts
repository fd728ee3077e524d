import { RemovalPolicy } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { StageConfig } from '../config';
import { acknowledge } from '../nag-acknowledgements';

/**
 * Issue 12: what citizens on WeChat and the personal-data rules need from the deployment. One
 * secret (JSON) holds the citizen session key (generated here), the phone-hash key, the mini
 * program's app id and secret and its subscription template ids (entered by an operator after the
 * first deploy: `aws secretsmanager put-secret-value`). The functions read it on first use
 * (functions/commons/container.ts); until it is complete they fail naming what is missing.
 */
export class Citizens extends Construct {
  readonly secret: Secret;
  /** Environment the functions read (functions/commons/env.ts). */
  readonly environment: Record<string, string>;

  constructor(scope: Construct, id: string, config: StageConfig) {
    super(scope, id);
    this.secret = new Secret(this, 'CitizenSecrets', {
      description:
        'Citizens (WeChat, PIPL): JSON {sessionKey, phoneHashKey, wechatAppId, wechatAppSecret, wechatTemplates: {accepted, replied, closed, rating}}; all but sessionKey set by an operator',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({
          phoneHashKey: '',
          wechatAppId: '',
          wechatAppSecret: '',
          wechatTemplates: { accepted: '', replied: '', closed: '', rating: '' },
        }),
        generateStringKey: 'sessionKey',
        passwordLength: 64,
        excludePunctuation: true,
      },
      // Losing the phone-hash key loses every caller's lookup; losing it must be a decision.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.secret, [
      [
        'AwsSolutions-SMG4',
        "Not rotated by a Lambda: a new phone-hash key would orphan every phone index entry (re-keying is a migration), and the WeChat app secret is rotated in WeChat's console, then entered here.",
      ],
    ]);
    this.environment = {
      CITIZEN_SECRETS_ARN: this.secret.secretArn,
      WECHAT_API_BASE_URL: config.wechatApiBaseUrl,
      PERSONAL_DATA_RETENTION_DAYS: String(config.personalDataRetentionDays),
    };
  }

  grantRead(grantee: IGrantable): void {
    this.secret.grantRead(grantee);
  }
}
