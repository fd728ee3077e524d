import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Mail, Mailer } from './notify';

/** Amazon SES (v2), for global regions. */
export class SesMailer implements Mailer {
  private readonly client = new SESv2Client({});
  constructor(private readonly from: string) {}

  async send(mail: Mail): Promise<void> {
    await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: mail.to },
        Content: {
          Simple: {
            Subject: { Data: mail.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: mail.text, Charset: 'UTF-8' } },
          },
        },
        // SES tag values are ASCII letters, digits, _ and - only: a court code such as 赣1126 is left out.
        EmailTags: Object.entries(mail.tags)
          .map(([Name, Value]) => ({ Name, Value: String(Value) }))
          .filter((tag) => /^[\w-]{1,256}$/.test(tag.Value)),
      }),
    );
  }
}
