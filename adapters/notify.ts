/**
 * Mail and SMS behind one port each. Which transport runs is chosen once, at the composition
 * point (functions/commons/container.ts): SES where the region has it, SMTP where it does not
 * (the China regions), SNS for SMS, and the local outbox for `npm start` and the tests.
 */
export interface MessageTags {
  orderId?: string;
  courtCode?: string;
  escalationLevel?: number;
  step?: string;
  stage?: string;
  stageSeq?: number;
}

export interface Mail {
  to: string[];
  subject: string;
  text: string;
  tags: MessageTags;
}

export interface Sms {
  to: string;
  text: string;
  tags: MessageTags;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

export interface SmsSender {
  send(sms: Sms): Promise<void>;
}
