import { describeToken, evaluate, mintToken } from '../../services/evaluations';
import { httpHandler } from '../commons/http';
import { byRoute } from '../commons/http/dispatch';
import { ROUTES } from './routes';

/** POST /v1/evaluation-tokens: a one-time rating token for a window service, a hotline call or an online session. */
export const mintEvaluationToken = httpHandler(
  ROUTES.mintEvaluationToken,
  async ({ body, staff, sourceIp, services }) => mintToken(services, staff, body, sourceIp),
);

/** GET /v1/evaluation-tokens/{token}: the rating page says at once whether and what the link rates. */
export const getEvaluationToken = httpHandler(ROUTES.getEvaluationToken, async ({ params, services }) =>
  describeToken(services, params.token),
);

/** POST /v1/evaluations: anyone holding a token rates once; staff entering it for a citizen are recorded. */
export const createEvaluation = httpHandler(ROUTES.createEvaluation, async ({ body, staff, services }) => {
  const used = await evaluate(services, staff, body);
  return {
    evaluationId: used.tokenId,
    channel: used.channel,
    subject: used.subject,
    rating: used.rating,
    ratedAt: used.usedAt,
    enteredByStaff: used.enteredBy !== null,
  };
});

/** Rating tokens and ratings: one Lambda. (SHARED_FUNCTIONS in routes.ts: the stack stays under CloudFormation's 500 resources). */
export const routes = byRoute({ mintEvaluationToken, getEvaluationToken, createEvaluation });
