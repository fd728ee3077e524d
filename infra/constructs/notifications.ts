import { RemovalPolicy } from 'aws-cdk-lib';
import { Effect, type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Alias } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct, type IConstruct } from 'constructs';
import type { FunctionEnvironment } from '../../functions/commons/env';
import type { StageConfig } from '../config';
import { ANY_RESOURCE, acknowledge } from '../nag-acknowledgements';

/**
 * How mail and SMS leave the system. Global regions: an SES domain identity and SNS SMS.
 * China: an SMTP secret (host, port, user, password: filled in by an operator after the first
 * deploy) and an SNS topic that the courts' SMS provider subscribes to.
 */
export class Notifications extends Construct {
  /** Environment the functions read (functions/commons/container.ts). */
  readonly environment: FunctionEnvironment;
  private readonly grants: Array<(grantee: IGrantable & IConstruct) => void> = [];

  constructor(scope: Construct, id: string, config: StageConfig) {
    super(scope, id);
    const env: FunctionEnvironment = {
      MAIL_TRANSPORT: config.mail.transport,
      MAIL_FROM: config.mail.from,
    };
    if (config.mail.transport === 'ses') {
      const identity = new EmailIdentity(this, 'MailDomain', {
        identity: Identity.domain(config.mail.domain),
      });
      this.grants.push((g) => identity.grantSendEmail(g));
    } else {
      const secret = new Secret(this, 'SmtpCredentials', {
        description: 'SMTP for staff email: JSON {host, port, user, password}; set by an operator',
        generateSecretString: {
          secretStringTemplate: JSON.stringify({
            host: 'smtp.example.cn',
            port: 465,
            user: config.mail.from,
          }),
          generateStringKey: 'password',
        },
        removalPolicy: RemovalPolicy.RETAIN,
      });
      acknowledge(secret, [
        [
          'AwsSolutions-SMG4',
          "The password is the mail provider's; it is rotated there and entered here by an operator, not by a rotation Lambda.",
        ],
      ]);
      env.SMTP_SECRET_ARN = secret.secretArn;
      this.grants.push((g) => secret.grantRead(g));
    }
    if (config.sms === 'topic') {
      const topic = new Topic(this, 'SmsOutbound', {
        displayName: 'SMS to citizens, for the SMS provider',
        enforceSSL: true,
        masterKey: Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns'),
      });
      env.SMS_TRANSPORT = 'topic';
      env.SMS_TOPIC_ARN = topic.topicArn;
      this.grants.push((g) => topic.grantPublish(g));
    } else {
      env.SMS_TRANSPORT = 'sns';
      this.grants.push((g) => {
        g.grantPrincipal.addToPrincipalPolicy(
          new PolicyStatement({ effect: Effect.ALLOW, actions: ['sns:Publish'], resources: ['*'] }),
        );
        acknowledge(g, [
          [
            ANY_RESOURCE,
            'This function sends SMS: sns:Publish to a phone number has no resource ARN to scope to.',
          ],
        ]);
      });
    }
    this.environment = env;
  }

  /** Lets `grantee` send mail and SMS, and acknowledges what that grant raises on `grantee` alone. */
  grantSend(grantee: IGrantable & IConstruct): void {
    for (const grant of this.grants) grant(grantee);
  }
}
