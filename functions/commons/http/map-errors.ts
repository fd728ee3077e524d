import { logger } from '../logger';
import { mappedStack } from '../source-maps';
import { problemResponse, toProblem } from './problems';
import type { RouteMiddleware } from './route-context';

/** Every error once, as the contract's JSON error: a client's as its 4xx, ours as a bare 500. */
export function mapErrors(): RouteMiddleware {
  return {
    onError: async function mapErrorToResponse(request) {
      const problem = toProblem(request.error);
      const route = request.event.requestContext?.routeKey;
      if (problem.ours) {
        // Name and stack only: error messages from the SDK can quote values we stored.
        const err = request.error as Error;
        logger.error('unhandled error', { route, errorName: err?.name, stack: mappedStack(err?.stack) });
      } else {
        logger.info('refused', { route, status: problem.status, code: problem.body.error.code });
      }
      request.response = problemResponse(problem);
    },
  };
}
