import { dailyReport, monthlyReport } from '../../services/reports';
import { httpHandler } from '../commons/http';
import { byRoute } from '../commons/http/dispatch';
import { ROUTES } from './routes';

/** GET /v1/reports/monthly?month=2026-11&courtCode=赣11: auditors and supervisors, within their subtree. */
export const getMonthlyReport = httpHandler(ROUTES.getMonthlyReport, async ({ query, staff, services }) =>
  monthlyReport(services, staff, query.month, query.courtCode, {
    category: query.category,
    channel: query.channel,
  }),
);

/** GET /v1/reports/daily?date=2026-11-26&courtCode=赣 */
export const getDailyReport = httpHandler(ROUTES.getDailyReport, async ({ query, staff, services }) =>
  dailyReport(services, staff, query.date, query.courtCode, {
    category: query.category,
    channel: query.channel,
  }),
);

/** The figures, read by auditors and supervisors: one Lambda for both periods. (SHARED_FUNCTIONS in routes.ts: the stack stays under CloudFormation's 500 resources). */
export const routes = byRoute({ getMonthlyReport, getDailyReport });
