import { readBulletin, readRanking } from '../../services/bulletins';
import { dailyReport, monthlyReport } from '../../services/reports';
import { httpHandler } from '../commons/http';
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

/** GET /v1/reports/ranking?month=2026-11&level=basic: the month's ranking (auditors; supervisors see their scope). */
export const getRanking = httpHandler(ROUTES.getRanking, async ({ query, staff, services }) =>
  readRanking(services, staff, query.month, query.level),
);

/** GET /v1/reports/bulletin?month=2026-11&courtCode=赣1126: a court's 通报 (the desk's printable page). */
export const getBulletin = httpHandler(ROUTES.getBulletin, async ({ query, staff, services }) =>
  readBulletin(services, staff, query.month, query.courtCode),
);
