import type { Transporter } from 'nodemailer';
import type { Mail, Mailer } from './notify';

/**
 * SMTP, for the China regions (no SES there): the courts' own mail server or a domestic provider.
 * Host, port, user and password come from a Secrets Manager secret (JSON), read once per container.
 * Secrets Manager and nodemailer are imported on the first mail: the bundles keep nodemailer out
 * (240 KB) and the stages that mail by SMTP ship it beside the handler (infra/constructs/minyi-function.ts).
 */
export class SmtpMailer implements Mailer {
  private transport: Promise<Transporter> | null = null;
  constructor(
    private readonly secretArn: string,
    private readonly from: string,
  ) {}

  async send(mail: Mail): Promise<void> {
    this.transport ??= this.connect();
    const transport = await this.transport;
    await transport.sendMail({ from: this.from, to: mail.to, subject: mail.subject, text: mail.text });
  }

  private async connect(): Promise<Transporter> {
    const [{ GetSecretValueCommand, SecretsManagerClient }, { createTransport }] = await Promise.all([
      import('@aws-sdk/client-secrets-manager'),
      import('nodemailer'),
    ]);
    const out = await new SecretsManagerClient({}).send(
      new GetSecretValueCommand({ SecretId: this.secretArn }),
    );
    const secret = JSON.parse(out.SecretString ?? '{}') as {
      host: string;
      port: number;
      user: string;
      password: string;
    };
    return createTransport({
      host: secret.host,
      port: secret.port,
      secure: secret.port === 465,
      auth: { user: secret.user, pass: secret.password },
    });
  }
}
