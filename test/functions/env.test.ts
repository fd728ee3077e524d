import { parseEnvironment } from '../../functions/commons/env';

/** The environment is one schema: a forgotten or unknown value fails loudly, naming the variable. */
const complete = {
  TABLE_NAME: 'main',
  IDEMPOTENCY_TABLE_NAME: 'idem',
  MAIL_TRANSPORT: 'ses',
  MAIL_FROM: 'center@12368.example.cn',
  SMS_TRANSPORT: 'sns',
  DESK_URL: 'https://desk.example.cn',
  RATING_URL: 'https://12368.example.cn/rate',
};

test('a complete environment parses, transports as the enums infra sets', () => {
  expect(parseEnvironment(complete)).toMatchObject({ MAIL_TRANSPORT: 'ses', SMS_TRANSPORT: 'sns' });
});

test.each([
  ['DESK_URL', { DESK_URL: undefined }],
  ['RATING_URL', { RATING_URL: '' }],
  ['MAIL_TRANSPORT', { MAIL_TRANSPORT: 'pigeon' }],
  ['MAIL_FROM', { MAIL_FROM: undefined }],
  ['SMTP_SECRET_ARN', { MAIL_TRANSPORT: 'smtp' }],
  ['SMS_TOPIC_ARN', { SMS_TRANSPORT: 'topic' }],
  ['JWT_AUDIENCE', { JWT_ISSUER: 'https://sso.example.cn' }],
  ['TABLE_NAME', { TABLE_NAME: undefined }],
])('no silent default: %s', (name, change) => {
  expect(() => parseEnvironment({ ...complete, ...change })).toThrow(name);
});
