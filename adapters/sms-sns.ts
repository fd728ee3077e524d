import type { Sms, SmsSender } from './notify';

/**
 * Amazon SNS SMS where the region offers it. The China regions do not: there the deployment sets
 * `SMS_TRANSPORT=topic` and a domestic SMS provider subscribes to the topic.
 */
export class SnsSmsSender implements SmsSender {
  /** Imported on the first message (see mail-ses.ts: a static import would load SNS at every cold start). */
  private sdk: Promise<typeof import('@aws-sdk/client-sns')> | null = null;
  private client: import('@aws-sdk/client-sns').SNSClient | null = null;
  constructor(private readonly topicArn?: string) {}

  async send(sms: Sms): Promise<void> {
    this.sdk ??= import('@aws-sdk/client-sns');
    const { SNSClient, PublishCommand } = await this.sdk;
    this.client ??= new SNSClient({});
    await this.client.send(
      this.topicArn
        ? new PublishCommand({
            TopicArn: this.topicArn,
            Message: JSON.stringify({ to: sms.to, text: sms.text }),
          })
        : new PublishCommand({ PhoneNumber: sms.to, Message: sms.text }),
    );
  }
}
