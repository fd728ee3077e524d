import { CITIZEN_AUDIENCE } from '../../adapters/citizen-sessions';
import { signIn } from '../../services/wechat';
import { httpHandler } from '../commons/http';
import { ROUTES } from './routes';

/** POST /v1/wechat/session: wx.login's code → the openid (server to WeChat) → our own citizen session token. */
export const createWeChatSession = httpHandler(
  ROUTES.createWeChatSession,
  async ({ body, sourceIp, services }) => {
    const session = await signIn(services, body.code, sourceIp);
    return {
      token: session.token,
      tokenType: 'Bearer',
      audience: CITIZEN_AUDIENCE,
      expiresAt: session.expiresAt,
    };
  },
);
