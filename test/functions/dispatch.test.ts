import type { Context } from 'aws-lambda';
import { routes } from '../../functions/api/typical-cases';
import type { ApiEvent } from '../../functions/commons/http';

/** A shared function (SHARED_FUNCTIONS) serves only its own routes; the local stack's tests go through it for the rest. */
test('a route key the shared function does not serve is a 404, as API Gateway answers', async () => {
  const event = {
    routeKey: 'GET /v1/orders',
    requestContext: { routeKey: 'GET /v1/orders' },
  } as unknown as ApiEvent;
  const answer = await routes(event, {} as Context);
  expect(answer.statusCode).toBe(404);
  expect(JSON.parse(String(answer.body)).error.code).toBe('not_found');
});
