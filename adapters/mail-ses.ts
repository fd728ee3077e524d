import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Mail, Mailer } from './notify';

/**
 * Amazon SES (v2), for global regions. The client is imported on the first mail: in an ESM bundle
 * with the SDK external, a static import would be hoisted to the bundle's top and load SES in
 * every function at cold start, whether it ever sends mail or not.
 */
export class SesMailer implements Mailer {
  private client: Promise<{
    client: SESv2Client;
    SendEmailCommand: typeof import('@aws-sdk/client-sesv2').SendEmailCommand;
  }> | null = null;
  constructor(private readonly from: string) {}

  async send(mail: Mail): Promise<void> {
    this.client ??= import('@aws-sdk/client-sesv2').then((m) => ({
      client: new m.SESv2Client({}),
      SendEmailCommand: m.SendEmailCommand,
    }));
    const { client, SendEmailCommand } = await this.client;
    await client.send(
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
