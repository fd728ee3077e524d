import type { CourtDirectory } from '../../domain/courts';
import type { TypicalCase } from '../../domain/typical-case';
import { decide, listCases, nominate, withdraw } from '../../services/typical-cases';
import { httpHandler } from '../commons/http';
import { byRoute } from '../commons/http/dispatch';
import { ROUTES } from './routes';

/** POST /v1/orders/{orderId}/typical-case: a supervisor nominates a closed order. */
export const nominateTypicalCase = httpHandler(
  ROUTES.nominateTypicalCase,
  async ({ params, body, staff, services }) =>
    caseView(services.courts, await nominate(services, staff, params.orderId, body), true),
);

/** POST /v1/typical-cases/{caseId}/decision: the center publishes it, or not. */
export const decideTypicalCase = httpHandler(
  ROUTES.decideTypicalCase,
  async ({ params, body, staff, services }) =>
    caseView(services.courts, await decide(services, staff, params.caseId, body), true),
);

/** POST /v1/typical-cases/{caseId}/withdrawal: the center takes a published case down. */
export const withdrawTypicalCase = httpHandler(
  ROUTES.withdrawTypicalCase,
  async ({ params, body, staff, services }) =>
    caseView(services.courts, await withdraw(services, staff, params.caseId, body), true),
);

/** GET /v1/typical-cases: the published ones for anyone; the center's queue by status. */
export const listTypicalCases = httpHandler(ROUTES.listTypicalCases, async ({ query, staff, services }) => {
  const page = await listCases(services, staff, query);
  const center = query.status !== 'published';
  return { items: page.items.map((c) => caseView(services.courts, c, center)), nextCursor: page.nextCursor };
});

/** The one Lambda of these routes (SHARED_FUNCTIONS in routes.ts). */
export const routes = byRoute({
  nominateTypicalCase,
  decideTypicalCase,
  withdrawTypicalCase,
  listTypicalCases,
});

/**
 * What a case shows: to the public only the staff's words and facts that name nobody; the
 * center's queue also the order and who nominated and decided.
 */
function caseView(courts: CourtDirectory, c: TypicalCase, center: boolean) {
  return {
    caseId: c.caseId,
    title: c.title,
    summary: c.summary,
    category: c.category,
    courtCode: c.courtCode,
    courtName: c.courtCode ? (courts.find(c.courtCode)?.name ?? null) : null,
    month: c.month,
    publishedAt: c.status === 'published' ? c.decidedAt : null,
    ...(center
      ? {
          orderId: c.orderId,
          status: c.status,
          nominatedBy: c.nominatedBy,
          nominatedAt: c.nominatedAt,
          decidedBy: c.decidedBy,
          decisionNote: c.decisionNote,
          withdrawnBy: c.withdrawnBy ?? null,
          withdrawnAt: c.withdrawnAt ?? null,
          withdrawalReason: c.withdrawalReason ?? null,
        }
      : {}),
  };
}
