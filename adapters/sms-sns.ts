import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Sms, SmsSender } from './notify';

/**
 * Amazon SNS SMS where the region offers it. The China regions do not: there the deployment sets
 * `SMS_TRANSPORT=topic` and a domestic SMS provider subscribes to the topic.
 */
export class SnsSmsSender implements SmsSender {
  private readonly client = new SNSClient({});
  constructor(private readonly topicArn?: string) {}

  async send(sms: Sms): Promise<void> {
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
