import { evaluate, mintToken } from '../../services/evaluations';
import { httpHandler } from '../commons/http';
import { EvaluationBody, MintTokenBody } from './schemas';

/** POST /v1/evaluation-tokens: a one-time rating token for a window service, a hotline call or an online session. */
export const mintEvaluationToken = httpHandler(
  { auth: 'optional', body: MintTokenBody },
  async ({ body, staff, services }) => ({
    status: 201,
    body: await mintToken(services, staff, body),
  }),
);

/** POST /v1/evaluations: anyone holding a token rates once; staff entering it for a citizen are recorded. */
export const createEvaluation = httpHandler(
  { auth: 'optional', body: EvaluationBody },
  async ({ body, staff, services }) => {
    const used = await evaluate(services, staff, body);
    return {
      status: 201,
      body: {
        evaluationId: used.tokenId,
        channel: used.channel,
        subject: used.subject,
        rating: used.rating,
        ratedAt: used.usedAt,
        enteredByStaff: used.enteredBy !== null,
      },
    };
  },
);
